using Orleans.Concurrency;

namespace MochiOrleans.Grains;

/// <summary>
/// A registered provider, keyed <c>"service:providerId"</c>. One grain class hosts every provider object and invokes
/// its <see cref="RemoteAttribute">[Remote]</see> methods.
/// </summary>
/// <remarks>
/// The half of the provider grain that clients may call. Its lifecycle (claims, hooks, release) is the cluster-internal
/// <see cref="IProviderLifecycleGrain"/>, which only silos of the cluster can reach.
/// </remarks>
[Alias("mochi.IProviderGrain")]
internal interface IProviderGrain : IGrainWithStringKey
{
    /// <summary>Invokes the RPC named in <paramref name="request"/> on this provider.</summary>
    /// <param name="request">The call.</param>
    /// <param name="cancellationToken">Passed to the handler's <see cref="CancellationToken"/> parameter.</param>
    /// <returns>The handler's response, or an <see cref="RpcError"/>.</returns>
    /// <remarks>The caller's deadline ends the call, not Orleans' 30 s response timeout (see <c>InvokeResponseTimeout</c>).</remarks>
    [ResponseTimeout(Internal.InvokeResponseTimeout.Text)]
    [Alias("InvokeAsync")]
    Task<RpcResponse> InvokeAsync(RpcRequest request, CancellationToken cancellationToken = default);

    /// <summary>Runs the RPC named in <paramref name="request"/> without answering the caller.</summary>
    /// <param name="request">The call.</param>
    [OneWay]
    [Alias("PostAsync")]
    Task PostAsync(RpcRequest request);
}
