using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MochiOrleans.Internal.Logging;

/// <summary>
/// Bounds how often one kind of failure is logged, so that a caller cannot flood a silo's log (100,000 one-way calls to
/// unknown names would otherwise write 100,000 lines). Per (site, code), the first <see cref="LinesPerWindow"/>
/// occurrences of each <see cref="Window"/> are logged; the rest are counted and reported as one summary with the next
/// line logged after the window.
/// </summary>
/// <remarks>
/// Keyed by site and code, not by RPC name: names come from callers, so a key per name would let a caller grow this
/// table and the log without bound by never repeating a name.
/// </remarks>
internal sealed partial class LogRateLimiter(TimeProvider time)
{
    public const int LinesPerWindow = 10;

    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<(string Site, MargoErrorCode Code), Slot> _slots = new();

    /// <summary>
    /// Whether to log this occurrence; when it is the first logged after suppressed ones, writes their summary to
    /// <paramref name="logger"/> first.
    /// </summary>
    public bool ShouldLog(ILogger logger, string site, MargoErrorCode code)
    {
        if (!TryAcquire(site, code, out var suppressed))
        {
            return false;
        }

        if (suppressed > 0)
        {
            LogSuppressed(logger, suppressed, site, code, Window);
        }

        return true;
    }

    /// <summary>Whether to log this occurrence.</summary>
    /// <param name="site">Which log line (a constant of the caller).</param>
    /// <param name="code">The failure's code.</param>
    /// <param name="suppressed">When logging: how many occurrences were dropped since the last logged window.</param>
    public bool TryAcquire(string site, MargoErrorCode code, out long suppressed)
    {
        var slot = _slots.GetOrAdd((site, code), _ => new Slot());
        var now = time.GetTimestamp();
        lock (slot)
        {
            suppressed = 0;
            if (slot.Logged == 0 || time.GetElapsedTime(slot.WindowStart, now) >= Window)
            {
                suppressed = slot.Suppressed;
                slot.WindowStart = now;
                slot.Logged = 0;
                slot.Suppressed = 0;
            }

            if (slot.Logged < LinesPerWindow)
            {
                slot.Logged++;
                return true;
            }

            slot.Suppressed++;
            return false;
        }
    }

    [LoggerMessage(EventId = 1700, Level = LogLevel.Warning, Message = "{Count} more '{Site}' lines with {Code} were not logged (at most 10 are per {Window}).")]
    private static partial void LogSuppressed(ILogger logger, long count, string site, MargoErrorCode code, TimeSpan window);

    private sealed class Slot
    {
        public long WindowStart;
        public int Logged;
        public long Suppressed;
    }
}
