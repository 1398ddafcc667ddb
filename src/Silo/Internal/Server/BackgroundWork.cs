using Microsoft.Extensions.Logging;

namespace MochiOrleans.Internal.Server;

/// <summary>
/// Work the engine starts without a caller to wait for it (publishing registrations after a deregistration, releasing a
/// deregistered provider, a remote shutdown waiting for its confirmation): every failure is logged, and the engine's
/// stop waits for what is still running, so that nothing is lost or left behind.
/// </summary>
internal sealed partial class BackgroundWork(ILogger<BackgroundWork> logger)
{
    private readonly object _gate = new();
    private readonly HashSet<Task> _running = [];

    /// <summary>Starts <paramref name="work"/>; <paramref name="what"/> names it in logs.</summary>
    public void Run(Func<Task> work, string what)
    {
        var observed = ObserveAsync(work, what);
        lock (_gate)
        {
            _running.RemoveWhere(t => t.IsCompleted);
            if (!observed.IsCompleted)
            {
                _running.Add(observed);
            }
        }
    }

    /// <summary>Completes when everything started so far has ended (it never faults: failures are logged).</summary>
    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            return Task.WhenAll(_running);
        }
    }

    private async Task ObserveAsync(Func<Task> work, string what)
    {
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogFailed(logger, exception, what);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Engine background work failed: {What}.")]
    private static partial void LogFailed(ILogger logger, Exception exception, string what);
}
