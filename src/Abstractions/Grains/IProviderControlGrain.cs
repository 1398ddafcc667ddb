namespace MochiOrleans.Grains;

/// <summary>
/// One per silo, keyed by the silo's address and always placed on that silo: what <c>Engine.ListProvidersAsync</c> and
/// <c>Address.DeregisterProviderAsync</c> ask of the engine behind an address.
/// </summary>
[Alias("mochi.IProviderControlGrain")]
internal interface IProviderControlGrain : IGrainWithStringKey
{
    /// <summary>Every provider of the cluster: this silo asks every active silo (itself included) for its own.</summary>
    [Alias("ListClusterAsync")]
    Task<ProviderDescription[]> ListClusterAsync();

    /// <summary>The providers registered on this silo, with their RPCs' parameters.</summary>
    [Alias("ListLocalAsync")]
    Task<ProviderDescription[]> ListLocalAsync();

    /// <summary>
    /// Deregisters one provider of this silo's engine, running its hooks once, if the engine consented to remote
    /// provider control.
    /// </summary>
    /// <param name="serviceName">The provider's service name (<c>""</c> for none).</param>
    /// <param name="providerId">The provider id.</param>
    /// <returns><see langword="null"/> once deregistered; otherwise why not (<see cref="MargoErrorCode.Permission"/>, <see cref="MargoErrorCode.NoEntry"/>, ...).</returns>
    [Alias("DeregisterAsync")]
    Task<RpcError?> DeregisterAsync(string serviceName, ushort providerId);
}
