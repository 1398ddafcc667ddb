using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

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
        if (!FrameGuardServices.TryAdd<ClientMessagingOptions>(services))
        {
            return services;
        }

        services.AddOptions<ClientConnectionOptions>().PostConfigure(connections =>
            connections.ConfigureConnection(connection => connection.UseMiddleware<FrameGuard>()));
        return services;
    }
}
