using System.Diagnostics;
using MochiOrleans.Grains;

namespace MochiOrleans.Internal;

/// <summary>
/// The deadline of one call, from its first step (address resolution, connecting) to its response; the token it gives
/// the Orleans call cancels the handler's token when the deadline passes, the caller cancels, or the call is abandoned.
/// </summary>
/// <remarks>
/// Orleans would cut a call at its <c>ResponseTimeout</c> (30 s by default); the provider and dispatch grains declare
/// <see cref="InvokeResponseTimeout"/> instead, so this deadline is the one that counts. No Orleans call outlives that
/// value (~24.8 days): a longer timeout, and <see cref="Timeout.InfiniteTimeSpan"/>, start no timer of ours (which
/// could not count past ~49.7 days anyway) and Orleans ends the call there. When the caller passed no token that can
/// be cancelled, the source comes from a <see cref="DeadlineSourcePool"/> and goes back to it when the call ends well
/// before its deadline (its timer then cannot have fired, so the next call cannot be cancelled by this one's timer).
/// </remarks>
internal sealed class CallDeadline : IDisposable
{
    private const int Running = 0;
    private const int Abandoning = 1;
    private const int Ended = 2;

    /// <summary>A source whose deadline is nearer than this when its call ends is not reused: its timer might be firing.</summary>
    private static readonly TimeSpan ReuseMargin = TimeSpan.FromMilliseconds(500);

    private readonly CancellationToken _caller;
    private readonly CancellationTokenSource _source;
    private readonly DeadlineSourcePool? _pool;
    private readonly long _started;
    private readonly TimeSpan _timeout;
    private int _state;
    private volatile bool _abandoned;
    private volatile RpcError? _departed;

    private CallDeadline(TimeSpan timeout, DeadlineSourcePool? pool, CancellationToken caller)
    {
        _caller = caller;
        _timeout = timeout;
        _started = Stopwatch.GetTimestamp();
        if (pool is not null && !caller.CanBeCanceled)
        {
            _pool = pool;
            _source = pool.Rent();
        }
        else
        {
            _source = CancellationTokenSource.CreateLinkedTokenSource(caller);
        }

        if (timeout != Timeout.InfiniteTimeSpan && timeout < InvokeResponseTimeout.Value)
        {
            _source.CancelAfter(timeout);
        }
    }

    /// <summary>Cancelled at the deadline, by the caller, or by <see cref="Abandon"/>.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Whether the token was cancelled because the deadline passed (not by the caller, not abandoned).</summary>
    public bool Expired => _source.IsCancellationRequested && !_caller.IsCancellationRequested && !_abandoned;

    /// <summary>When the call started (a <see cref="Stopwatch"/> timestamp).</summary>
    public long Started => _started;

    /// <summary>The RPC called, for the <see cref="ProviderDepartureWatch"/> while it watches the call.</summary>
    public string? RpcName { get; private set; }

    /// <summary>The provider id called, for the <see cref="ProviderDepartureWatch"/>.</summary>
    public ushort ProviderId { get; private set; }

    /// <summary>The list of <see cref="TrackedCalls"/> this call is in while watched, or <see langword="null"/>.</summary>
    internal TrackedCalls.Shard? TrackedIn;

    /// <summary>The call before this one in <see cref="TrackedIn"/>.</summary>
    internal CallDeadline? PreviousTracked;

    /// <summary>The call after this one in <see cref="TrackedIn"/>.</summary>
    internal CallDeadline? NextTracked;

    /// <summary>Why <see cref="ProviderDepartureWatch"/> abandoned the call (its provider's silo left), or <see langword="null"/>.</summary>
    public RpcError? Departed => _departed;

    /// <summary>
    /// Names the provider the call waits for, so that a <see cref="ProviderDepartureWatch"/> can watch this deadline
    /// itself (no entry object of its own per call).
    /// </summary>
    public void Name(string rpcName, ushort providerId)
    {
        RpcName = rpcName;
        ProviderId = providerId;
    }

    /// <summary>Abandons the call because its provider's silo left the cluster, saying so in <see cref="Departed"/>.</summary>
    public void Depart(RpcError reason)
    {
        _departed = reason;
        Abandon();
    }

    /// <summary>Starts the deadline of a call.</summary>
    /// <param name="timeout">The call's timeout; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="caller">The caller's token.</param>
    public static CallDeadline Start(TimeSpan timeout, CancellationToken caller) => new(timeout, pool: null, caller);

    /// <summary>Starts the deadline of a call, with a reused source when <paramref name="caller"/> cannot be cancelled.</summary>
    /// <param name="timeout">The call's timeout; <see cref="Timeout.InfiniteTimeSpan"/> for none.</param>
    /// <param name="pool">Where to take the source from, and give it back to when the call ends.</param>
    /// <param name="caller">The caller's token.</param>
    public static CallDeadline Start(TimeSpan timeout, DeadlineSourcePool pool, CancellationToken caller) => new(timeout, pool, caller);

    /// <summary>Gives the call up for a reason of our own (its provider's silo left): the handler's token is cancelled.</summary>
    public void Abandon()
    {
        if (Interlocked.CompareExchange(ref _state, Abandoning, Running) != Running)
        {
            // The call completed meanwhile: there is nothing left to abandon (and its source may serve another call).
            return;
        }

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

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _state, Ended) == Running && _pool is not null && CannotHaveFired())
        {
            _pool.Return(_source);
            return;
        }

        _source.Dispose();
    }

    private bool CannotHaveFired() =>
        _timeout == Timeout.InfiniteTimeSpan || _timeout >= InvokeResponseTimeout.Value ||
        Stopwatch.GetElapsedTime(_started) < _timeout - ReuseMargin;
}
