using Orleans.Concurrency;

namespace MochiOrleans.Grains;

/// <summary>
/// A registered provider, keyed <c>"service:providerId"</c>. One grain class hosts every provider object and invokes
/// its <see cref="RemoteAttribute">[Remote]</see> methods.
/// </summary>
public interface IProviderGrain : IGrainWithStringKey
{
    /// <summary>Invokes the RPC named in <paramref name="request"/> on this provider.</summary>
    /// <param name="request">The call.</param>
    /// <param name="cancellationToken">Passed to the handler's <see cref="CancellationToken"/> parameter.</param>
    /// <returns>The handler's response, or an <see cref="RpcError"/>.</returns>
    /// <remarks>The caller's deadline ends the call, not Orleans' 30 s response timeout (see <c>InvokeResponseTimeout</c>).</remarks>
    [ResponseTimeout(Internal.InvokeResponseTimeout.Text)]
    Task<RpcResponse> InvokeAsync(RpcRequest request, CancellationToken cancellationToken = default);

    /// <summary>Runs the RPC named in <paramref name="request"/> without answering the caller.</summary>
    /// <param name="request">The call.</param>
    [OneWay]
    Task PostAsync(RpcRequest request);

    /// <summary>
    /// Binds this grain to the instance registration <paramref name="registrationId"/> of the silo that registered it.
    /// Returns <see langword="false"/> when the key already belongs to another registration in the cluster.
    /// </summary>
    /// <param name="registrationId">The id the registering silo gave its registration.</param>
    Task<bool> ClaimAsync(Guid registrationId);

    /// <summary>Runs the provider's <see cref="OnPrefinalizeAttribute">[OnPrefinalize]</see> methods; its silo calls this when its engine starts finalizing.</summary>
    Task PrefinalizeAsync();

    /// <summary>
    /// Ends the instance registration <paramref name="registrationId"/> after it was deregistered: runs the provider's
    /// <see cref="OnPrefinalizeAttribute">[OnPrefinalize]</see> then <see cref="OnFinalizeAttribute">[OnFinalize]</see>
    /// methods (those not yet run), drops the provider object and lets the grain be collected as idle.
    /// </summary>
    /// <param name="registrationId">The registration that was withdrawn.</param>
    /// <returns><see langword="true"/> if this grain served that registration and ended it.</returns>
    Task<bool> ReleaseAsync(Guid registrationId);
}
