using Orleans.Concurrency;

namespace MochiOrleans.Grains;

/// <summary>
/// Turns an RPC name into a provider grain invocation. It is a stateless worker, so every silo serves dispatches
/// locally; use key <c>0</c>.
/// </summary>
/// <remarks>
/// The engine facade asks <see cref="ResolveAsync"/> once per (RPC name, provider id) and then calls the provider grain
/// itself, so that a call costs one grain hop like a typed Orleans call; <see cref="InvokeAsync"/> serves callers that
/// do not cache, and the facade when a cached resolution went stale.
/// </remarks>
[Alias("mochi.IDispatchGrain")]
internal interface IDispatchGrain : IGrainWithIntegerKey
{
    /// <summary>Finds the provider grain serving <paramref name="rpcName"/> under <paramref name="providerId"/>.</summary>
    /// <param name="rpcName">The full RPC name.</param>
    /// <param name="providerId">The provider id.</param>
    /// <returns>The grain key, or why there is none.</returns>
    [Alias("ResolveAsync")]
    Task<RpcResolution> ResolveAsync(string rpcName, ushort providerId);

    /// <summary>Resolves <see cref="RpcRequest.RpcName"/> and <see cref="RpcRequest.ProviderId"/> and invokes the provider.</summary>
    /// <param name="request">The call.</param>
    /// <param name="cancellationToken">Cancels the call; the handler's own token is cancelled with it.</param>
    /// <returns>The handler's response, or an <see cref="RpcError"/>.</returns>
    /// <remarks>The caller's deadline ends the call, not Orleans' 30 s response timeout (see <c>InvokeResponseTimeout</c>).</remarks>
    [ResponseTimeout(Internal.InvokeResponseTimeout.Text)]
    [Alias("InvokeAsync")]
    Task<RpcResponse> InvokeAsync(RpcRequest request, CancellationToken cancellationToken = default);

    /// <summary>Sends a one-way call: the caller does not wait for the handler, and handler errors are only logged.</summary>
    /// <param name="request">The call.</param>
    [OneWay]
    [Alias("PostAsync")]
    Task PostAsync(RpcRequest request);
}
