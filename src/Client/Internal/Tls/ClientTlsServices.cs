using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;

namespace MochiOrleans.Internal.Tls;

/// <summary>
/// What <c>AddMochi</c> adds to an Orleans client for TLS: when <see cref="EngineOptions.TlsCaPath"/> is set, every
/// gateway connection goes through Orleans' client TLS middleware with the engine's certificate and CA; the settings
/// are checked when the client starts.
/// </summary>
internal static class ClientTlsServices
{
    public static IServiceCollection AddMochiClientTls(this IServiceCollection services)
    {
        // AddMochi may run more than once; a second TLS layer on the same connection would break it.
        if (services.Any(d => d.ServiceType == typeof(EngineTls)))
        {
            return services;
        }

        services.AddSingleton(sp => new EngineTls(sp.GetRequiredService<IOptions<EngineOptions>>().Value, sp.GetRequiredService<ILogger<EngineTls>>()));
        services.AddSingleton<IConfigurationValidator>(sp =>
            new TlsConfigurationValidator(sp.GetRequiredService<IOptions<EngineOptions>>().Value, EngineMode.Client));
        services.AddOptions<ClientConnectionOptions>().Configure<EngineTls>((connections, tls) =>
        {
            if (tls.Enabled)
            {
                connections.ConfigureConnection(connection => connection.UseClientTls(tls.ForOutbound()));
            }
        });
        return services;
    }
}
