using System.Diagnostics;

namespace MochiOrleans.Benchmarks.Macro;

/// <summary>
/// Measures answered calls: <c>callers</c> loops each keep exactly one call outstanding, warm up, then are timed for a
/// window. Throughput counts the calls that completed inside the window; latency is each such call's
/// start-to-completion time from <see cref="Stopwatch"/> timestamps.
/// </summary>
/// <remarks>
/// The window is stretched to at least <see cref="BenchSettings.WindowInLatencies"/> warm-up latencies, so that slow cells
/// (1 MiB to 256 callers takes most of a second per call) still count many completions rather than a handful.
/// </remarks>
internal sealed class ClosedLoop
{
    // Bounds every loop in count as well as in time, whatever the machine's speed.
    private const int MaximumCallsPerCaller = 5_000_000;
    private static readonly TimeSpan MaximumWindow = TimeSpan.FromSeconds(20);

    private readonly Func<byte[], Task> _call;
    private readonly byte[] _payload;
    private long _measureFrom = long.MaxValue;
    private long _measureTo = long.MaxValue;
    private long _warmupCalls;
    private long _warmupTicks;

    private ClosedLoop(Func<byte[], Task> call, byte[] payload)
    {
        _call = call;
        _payload = payload;
    }

    public static async Task RunAsync(
        Func<byte[], Task> call, byte[] payload, int callers, BenchSettings settings, ResourceMeter meter, Measurement into)
    {
        var loop = new ClosedLoop(call, payload);
        var workers = new Task<(long Calls, LatencyLog Log)>[callers];
        for (var i = 0; i < callers; i++)
        {
            workers[i] = Task.Run(loop.CallerAsync);
        }

        var warmupEnds = Stopwatch.GetTimestamp() + Ticks(settings.Warmup);
        while (Stopwatch.GetTimestamp() < warmupEnds || Interlocked.Read(ref loop._warmupCalls) < callers)
        {
            await Task.Delay(5).ConfigureAwait(false);
        }

        var latency = Interlocked.Read(ref loop._warmupTicks) / Math.Max(1, Interlocked.Read(ref loop._warmupCalls));
        var length = Math.Min(Math.Max(Ticks(settings.Window), settings.WindowInLatencies * latency), Ticks(MaximumWindow));
        var before = meter.Read();
        var from = Stopwatch.GetTimestamp();
        Volatile.Write(ref loop._measureTo, from + length);
        Volatile.Write(ref loop._measureFrom, from);
        await Task.Delay(Stopwatch.GetElapsedTime(from, from + length)).ConfigureAwait(false);
        var after = meter.Read();

        var results = await Task.WhenAll(workers).ConfigureAwait(false);
        into.AddRound(results.Sum(r => r.Calls), length, results.Select(r => r.Log), before, after);
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private async Task<(long Calls, LatencyLog Log)> CallerAsync()
    {
        var log = new LatencyLog();
        for (var n = 0; n < MaximumCallsPerCaller; n++)
        {
            var started = Stopwatch.GetTimestamp();
            if (started >= Volatile.Read(ref _measureTo))
            {
                break;
            }

            await _call(_payload).ConfigureAwait(false);
            var completed = Stopwatch.GetTimestamp();
            var measureFrom = Volatile.Read(ref _measureFrom);
            if (completed < measureFrom)
            {
                Interlocked.Increment(ref _warmupCalls);
                Interlocked.Add(ref _warmupTicks, completed - started);
            }
            else if (completed < Volatile.Read(ref _measureTo))
            {
                log.Add(completed - started);
            }
        }

        return (log.Count, log);
    }
}
