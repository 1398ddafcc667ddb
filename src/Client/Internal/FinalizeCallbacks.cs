using Microsoft.Extensions.Logging;

namespace MochiOrleans.Internal;

/// <summary>
/// One list of prefinalize or finalize callbacks. As in Margo, callbacks run newest first; each runs at most once even
/// when several shutdown paths race; a throwing callback is logged and the rest still run; a hanging one is abandoned
/// after a timeout so that shutdown always completes.
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

        for (var i = callbacks.Count - 1; i >= 0; i--)
        {
            await RunOneAsync(callbacks[i], timeoutPerCallback, logger).ConfigureAwait(false);
        }
    }

    private async Task RunOneAsync(Func<Task> callback, TimeSpan timeout, ILogger logger)
    {
        try
        {
            Task running;
            using (FinalizeScope.Enter(refusesRpcs))
            {
                running = Task.Run(callback);
            }

            await running.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogCallbackTimedOut(logger, stage, timeout);
        }
        catch (Exception exception)
        {
            LogCallbackFailed(logger, exception, stage);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A {Stage} callback failed; the remaining callbacks still run.")]
    private static partial void LogCallbackFailed(ILogger logger, Exception exception, string stage);

    [LoggerMessage(Level = LogLevel.Error, Message = "A {Stage} callback did not finish within {Timeout}; shutdown goes on without it.")]
    private static partial void LogCallbackTimedOut(ILogger logger, string stage, TimeSpan timeout);
}
