using Microsoft.Extensions.Logging;

namespace MochiOrleans.Internal;

/// <summary>
/// One list of prefinalize or finalize callbacks, and the one way every finalize callback and provider hook is run
/// (<see cref="RunGuardedAsync"/>). As in Margo, callbacks run newest first; each runs at most once even when several
/// shutdown paths race; a throwing callback is logged and the rest still run; a hanging one is abandoned after a
/// timeout so that shutdown always completes.
/// </summary>
/// <param name="stage">The stage name used in errors and logs.</param>
/// <param name="refusesRpcs">Whether RPCs sent from these callbacks are refused (<see cref="FinalizeScope"/>).</param>
internal sealed partial class FinalizeCallbacks(string stage, bool refusesRpcs = false)
{
    private readonly object _gate = new();
    private List<Func<Task>>? _callbacks = [];

    /// <summary>Adds a callback.</summary>
    /// <exception cref="MargoException"><see cref="MargoErrorCode.Permission"/> if the list already ran: the callback never would.</exception>
    public void Add(Func<Task> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (_gate)
        {
            if (_callbacks is null)
            {
                throw new MargoException(MargoErrorCode.Permission, $"The engine is already past its {stage} phase; the callback would never run.");
            }

            _callbacks.Add(callback);
        }
    }

    /// <summary>Forgets a callback that has not run (a deregistered provider's hooks), so that nothing keeps it alive.</summary>
    public void Remove(Func<Task> callback)
    {
        lock (_gate)
        {
            _callbacks?.Remove(callback);
        }
    }

    /// <summary>Runs and forgets every callback added so far; later calls run nothing.</summary>
    public async Task RunAsync(TimeSpan timeoutPerCallback, ILogger logger)
    {
        List<Func<Task>>? callbacks;
        lock (_gate)
        {
            callbacks = _callbacks;
            _callbacks = null;
        }

        if (callbacks is null)
        {
            return;
        }

        // Work a callback starts keeps the scope, as the execution context flows into it.
        using var scope = FinalizeScope.Enter(refusesRpcs);
        for (var i = callbacks.Count - 1; i >= 0; i--)
        {
            var callback = callbacks[i];

            // On the thread pool: a callback that blocks before its first await is still bounded by the timeout.
            await RunGuardedAsync($"A {stage} callback", () => Task.Run(callback), timeoutPerCallback, logger).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs one finalize callback or hook: a failure is logged, and a run longer than <paramref name="timeout"/> is
    /// abandoned, so that the caller always goes on with the next one.
    /// </summary>
    /// <param name="what">Names the callback in logs ("A prefinalize callback", "Provider hook T.M").</param>
    /// <param name="callback">Starts the callback.</param>
    /// <param name="timeout">How long to wait for it.</param>
    /// <param name="logger">Where failures go.</param>
    public static async Task RunGuardedAsync(string what, Func<Task> callback, TimeSpan timeout, ILogger logger)
    {
        try
        {
            await callback().WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogCallbackTimedOut(logger, what, timeout);
        }
        catch (Exception exception)
        {
            LogCallbackFailed(logger, exception, what);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{What} failed; the remaining callbacks still run.")]
    private static partial void LogCallbackFailed(ILogger logger, Exception exception, string what);

    [LoggerMessage(Level = LogLevel.Error, Message = "{What} did not finish within {Timeout}; shutdown goes on without it.")]
    private static partial void LogCallbackTimedOut(ILogger logger, string what, TimeSpan timeout);
}
