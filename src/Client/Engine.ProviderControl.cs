using MochiOrleans.Grains;
using MochiOrleans.Internal;

namespace MochiOrleans;

/// <summary>Introspection and remote provider control: what a cluster serves, and stopping one provider.</summary>
public sealed partial class Engine
{
    /// <summary>
    /// Lists every provider of the cluster behind <paramref name="address"/>: service name, provider id, kind, where an
    /// instance provider lives, and its RPCs with their parameters. Works from client and server engines; needs no
    /// consent of the target. A silo that does not answer within 10 s is left out of the listing.
    /// </summary>
    /// <param name="address">Any engine address of the cluster.</param>
    /// <param name="cancellationToken">Cancels waiting for the listing.</param>
    /// <returns>The providers, ordered by service name then provider id.</returns>
    /// <exception cref="MargoException"><see cref="MargoErrorCode.Unreachable"/> if the address cannot be reached.</exception>
    public async Task<IReadOnlyList<ProviderInfo>> ListProvidersAsync(Address address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        ThrowIfRefusing();
        var route = await _router.GetRouteAsync(address, cancellationToken).ConfigureAwait(false);
        ProviderDescription[] providers;
        try
        {
            providers = await ControlOf(route).ListClusterAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new MargoException(MargoErrorCode.Unreachable, $"Cannot list the providers of {address}: {exception.Message}", innerException: exception);
        }

        return [.. providers.Select(ToInfo)];
    }

    /// <summary>
    /// Lets other engines deregister this engine's providers with
    /// <see cref="MochiOrleans.Address.DeregisterProviderAsync"/>, as <see cref="EngineOptions.EnableRemoteProviderControl"/> does.
    /// </summary>
    /// <exception cref="MargoException"><see cref="MargoErrorCode.ModeMismatch"/> on a client engine.</exception>
    public void EnableRemoteProviderControl() => RequireServer(nameof(EnableRemoteProviderControl)).EnableRemoteProviderControl();

    async Task IAddressScope.DeregisterProviderAsync(Address address, string serviceName, ushort providerId, CancellationToken cancellationToken)
    {
        ThrowIfRefusing();
        var route = await _router.GetRouteAsync(address, cancellationToken).ConfigureAwait(false);
        RpcError? refusal;
        try
        {
            refusal = await ControlOf(route).DeregisterAsync(serviceName, providerId).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new MargoException(
                MargoErrorCode.Unreachable,
                $"Cannot deregister provider '{serviceName}:{providerId}' of {address}: {exception.Message}",
                providerId: providerId,
                innerException: exception);
        }

        if (refusal is not null)
        {
            throw new MargoException(refusal.Code, refusal.Message, providerId: providerId);
        }
    }

    private static IProviderControlGrain ControlOf(AddressRoute route) =>
        route.Connection.Grains.GetGrain<IProviderControlGrain>(route.SiloKey);

    private static ProviderInfo ToInfo(ProviderDescription provider) => new(
        provider.ServiceName,
        provider.ProviderId,
        provider.IsInstance ? ProviderInfo.InstanceKind : ProviderInfo.VirtualKind,
        provider.Location,
        [.. provider.Rpcs.Select(rpc => new RpcInfo(
            rpc.Name,
            rpc.DisableResponse,
            [.. rpc.Parameters.Select(p => new RpcParameterInfo(p.Name, p.Type, p.IsOptional))],
            rpc.ResponseType))]);
}
