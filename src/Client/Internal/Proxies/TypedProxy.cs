namespace MochiOrleans.Internal.Proxies;

/// <summary>
/// The base of every emitted proxy class. Each emitted method packs its arguments and calls one of these call sites
/// with its own index, fixed in its IL: the <see cref="CallableRemoteFunction"/> at that index makes the call, so a
/// proxy call fails, times out and is cancelled exactly as <c>CallAsync</c> does.
/// </summary>
internal abstract class TypedProxy
{
    private readonly CallableRemoteFunction[] _calls;

    /// <param name="calls">One bound function per method of the contract, in <see cref="ProxyContract.Methods"/> order.</param>
    protected TypedProxy(CallableRemoteFunction[] calls) => _calls = calls;

    public override string ToString() =>
        _calls.Length == 0 ? "typed proxy" : $"typed proxy of provider {_calls[0].ProviderId} at {_calls[0].Address}";

    protected Task CallTask(int index, object?[] arguments, CancellationToken cancellationToken) =>
        _calls[index].CallAsync<object?>(arguments, kwargs: null, timeout: null, cancellationToken);

    protected Task<T> CallTaskOf<T>(int index, object?[] arguments, CancellationToken cancellationToken) =>
        _calls[index].CallAsync<T>(arguments, kwargs: null, timeout: null, cancellationToken);

    protected ValueTask CallValueTask(int index, object?[] arguments, CancellationToken cancellationToken) =>
        new(CallTask(index, arguments, cancellationToken));

    protected ValueTask<T> CallValueTaskOf<T>(int index, object?[] arguments, CancellationToken cancellationToken) =>
        new(CallTaskOf<T>(index, arguments, cancellationToken));
}
