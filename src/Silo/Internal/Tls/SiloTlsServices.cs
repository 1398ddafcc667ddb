using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace MochiOrleans.Internal.Tls;

/// <summary>
/// What <c>AddMochi</c> adds to a silo for TLS: when <see cref="EngineOptions.TlsCaPath"/> is set, Orleans' TLS
/// middleware on the silo port (both directions, certificates required on both ends) and on the gateway (a client
/// certificate required only under <see cref="EngineOptions.TlsRequireClientCertificate"/>). Orleans' own
/// <c>UseTls(ISiloBuilder)</c> applies one <c>TlsOptions</c> to both listeners, which cannot express "mutual TLS
/// between silos, server-only TLS for clients", hence the listeners are configured one by one.
/// </summary>
internal static class SiloTlsServices
{
    public static IServiceCollection AddMochiSiloTls(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(EngineTls)))
        {
            return services;
        }

        services.AddSingleton(sp => new EngineTls(sp.GetRequiredService<IOptions<EngineOptions>>().Value, sp.GetRequiredService<ILogger<EngineTls>>()));
        services.AddSingleton<IConfigurationValidator>(sp =>
            new TlsConfigurationValidator(sp.GetRequiredService<IOptions<EngineOptions>>().Value, EngineMode.Server));
        services.AddOptions<SiloConnectionOptions>().Configure<EngineTls>((connections, tls) =>
        {
            if (!tls.Enabled)
            {
                return;
            }

            connections.ConfigureSiloInboundConnection(connection => connection.UseServerTls(tls.ForInbound(requireClientCertificate: true)));
            connections.ConfigureSiloOutboundConnection(connection => connection.UseClientTls(tls.ForOutbound()));
            connections.ConfigureGatewayInboundConnection(connection => connection.UseServerTls(tls.ForInbound(tls.RequireClientCertificate)));
        });
        return services;
    }
}
