using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization.Session;

namespace MochiOrleans.Internal.Networking;

/// <summary>
/// Puts <see cref="FrameGuard"/> on a client's gateway connections, so that what a gateway sends back cannot overflow
/// the client's stack either.
/// </summary>
/// <remarks>
/// Added with <c>PostConfigure</c>, so that its middleware comes after any added by <c>Configure</c> delegates
/// (Orleans' client TLS among them) and reads plaintext.
/// </remarks>
internal static class ClientFrameGuardServices
{
    public static IServiceCollection AddMochiClientFrameGuard(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(FrameGuard)))
        {
            return services;
        }

        services.AddSingleton(sp =>
        {
            var messaging = sp.GetRequiredService<IOptions<ClientMessagingOptions>>().Value;
            var values = sp.GetRequiredService<IOptions<EngineOptions>>().Value.Limits;
            return new FrameGuardLimits(FrameGuardLimits.MaxDepthFor(values), messaging.MaxMessageHeaderSize, messaging.MaxMessageBodySize);
        });
        services.AddSingleton(sp => new FrameGuard(
            sp.GetRequiredService<FrameGuardLimits>(),
            sp.GetRequiredService<SerializerSessionPool>(),
            sp.GetRequiredService<ILogger<FrameGuard>>()));
        services.AddOptions<ClientConnectionOptions>().PostConfigure(connections =>
            connections.ConfigureConnection(connection => connection.UseMiddleware<FrameGuard>()));
        return services;
    }
}
