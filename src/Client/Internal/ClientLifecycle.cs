using Microsoft.Extensions.Logging;

namespace MochiOrleans.Internal;

/// <summary>
/// The finalize sequence of a client-mode <see cref="Engine"/> (a server engine's follows its silo's lifecycle):
/// prefinalize callbacks, then the engine's connections close, then finalize callbacks; once, however many callers race.
/// </summary>
internal sealed class ClientLifecycle(EngineOptions options, ILogger logger)
{
    private readonly FinalizeCallbacks _prefinalize = new("prefinalize");
    private readonly FinalizeCallbacks _finalize = new("finalize", refusesRpcs: true);
    private readonly TaskCompletionSource _finalized = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _closed;

    /// <summary>True from the moment finalization starts: the engine refuses calls and lookups from then on.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    public void OnPrefinalize(Func<Task> callback) => _prefinalize.Add(callback);

    public void OnFinalize(Func<Task> callback) => _finalize.Add(callback);

    /// <summary>Runs the sequence the first time; later callers wait for the first one to finish.</summary>
    /// <param name="closeConnections">Closes what the engine opened, between the two callback lists.</param>
    /// <param name="cancellationToken">Stops waiting; finalization itself goes on.</param>
    public async Task FinalizeAsync(Func<Task> closeConnections, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            await _finalized.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await _prefinalize.RunAsync(options.FinalizeCallbackTimeout, logger).ConfigureAwait(false);
        await closeConnections().ConfigureAwait(false);
        await _finalize.RunAsync(options.FinalizeCallbackTimeout, logger).ConfigureAwait(false);
        _finalized.TrySetResult();
    }

    public Task WaitForFinalizeAsync(CancellationToken cancellationToken) => _finalized.Task.WaitAsync(cancellationToken);

    /// <summary>Refuses everything from now on, even on a server engine whose own sequence is its silo's.</summary>
    public void Close() => Volatile.Write(ref _closed, 1);
}
