namespace MochiOrleans.Internal.Server;

/// <summary>
/// Where this silo's engine is in its life — starting, active, stopping, finalizing, finalized — as every part of the
/// server sees it.
/// </summary>
internal sealed class EnginePhase : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _finalizing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _finalized = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _active;

    /// <summary>The silo is active: registrations are claimed in the cluster at once.</summary>
    public bool IsActive => _active;

    /// <summary>The silo's stop has reached the engine: no new providers.</summary>
    public bool IsStopping => _stopping.IsCancellationRequested;

    /// <summary>Cancelled when the silo's stop reaches the engine.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Prefinalize is over: outgoing RPCs and calls to instance providers are refused.</summary>
    public bool IsFinalizing => _finalizing.Task.IsCompleted;

    /// <summary>Completes when prefinalize is over.</summary>
    public Task Finalizing => _finalizing.Task;

    /// <summary>Completes when the engine has finalized, or its silo ended without finalizing.</summary>
    public Task Finalized => _finalized.Task;

    public void MarkActive() => _active = true;

    public void MarkStopping() => _stopping.Cancel();

    public void MarkFinalizing() => _finalizing.TrySetResult();

    public void MarkFinalized()
    {
        _finalizing.TrySetResult();
        _finalized.TrySetResult();
    }

    public void Dispose() => _stopping.Dispose();
}
