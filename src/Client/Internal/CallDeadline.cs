namespace MochiOrleans.Internal;

/// <summary>
/// The deadline of one call, from its first step (address resolution, connecting) to its response; the token it gives
/// the Orleans call cancels the handler's token when the deadline passes, the caller cancels, or the call is abandoned.
/// </summary>
/// <remarks>
/// Orleans would cut a call at its <c>ResponseTimeout</c> (30 s by default); the provider and dispatch grains declare
/// <see cref="InvokeResponseTimeout"/> instead, so this deadline is the one that counts. No Orleans call outlives that
/// value (~24.8 days): a longer timeout, and <see cref="Timeout.InfiniteTimeSpan"/>, start no timer of ours (which
/// could not count past ~49.7 days anyway) and Orleans ends the call there.
/// </remarks>
internal sealed class CallDeadline : IDisposable
{
    private readonly CancellationToken _caller;
    private readonly CancellationTokenSource _source;
    private volatile bool _abandoned;

    private CallDeadline(TimeSpan timeout, CancellationToken caller)
    {
        _caller = caller;
        _source = CancellationTokenSource.CreateLinkedTokenSource(caller);
        if (timeout != Timeout.InfiniteTimeSpan && timeout < InvokeResponseTimeout.Value)
        {
            _source.CancelAfter(timeout);
        }
    }

    /// <summary>Cancelled at the deadline, by the caller, or by <see cref="Abandon"/>.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Whether the token was cancelled because the deadline passed (not by the caller, not abandoned).</summary>
    public bool Expired => _source.IsCancellationRequested && !_caller.IsCancellationRequested && !_abandoned;

    /// <summary>Starts the deadline of a call.</summary>
    /// <param name="timeout">The call's timeout; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="caller">The caller's token.</param>
    public static CallDeadline Start(TimeSpan timeout, CancellationToken caller) => new(timeout, caller);

    /// <summary>Gives the call up for a reason of our own (its provider's silo left): the handler's token is cancelled.</summary>
    public void Abandon()
    {
        _abandoned = true;
        try
        {
            _source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call completed meanwhile: there is nothing left to abandon.
        }
    }

    public void Dispose() => _source.Dispose();
}
