using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace MochiOrleans.Internal.Networking;

/// <summary>
/// Puts <see cref="FrameGuard"/> on every connection a silo reads from: the gateway (clients), and the silo port in
/// both directions (other silos, or anyone who can reach that port).
/// </summary>
/// <remarks>
/// Added with <c>PostConfigure</c>, so that it runs after every <c>Configure</c> delegate and its middleware comes after
/// any added there (Orleans' TLS among them): inner middleware reads what outer middleware decrypted.
/// </remarks>
internal static class SiloFrameGuardServices
{
    public static IServiceCollection AddMochiSiloFrameGuard(this IServiceCollection services)
    {
        if (!FrameGuardServices.TryAdd<SiloMessagingOptions>(services))
        {
            return services;
        }

        services.AddOptions<SiloConnectionOptions>().PostConfigure(connections =>
        {
            connections.ConfigureGatewayInboundConnection(connection => connection.UseMiddleware<FrameGuard>());
            connections.ConfigureSiloInboundConnection(connection => connection.UseMiddleware<FrameGuard>());
            connections.ConfigureSiloOutboundConnection(connection => connection.UseMiddleware<FrameGuard>());
        });
        return services;
    }
}
