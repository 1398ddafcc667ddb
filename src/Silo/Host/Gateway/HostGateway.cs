using System.Net;
using Microsoft.Extensions.Options;
using MochiOrleans.Gateway;
using MochiOrleans.Internal.Hosting;

namespace MochiOrleans.Silo.Host.Gateway;

/// <summary>
/// The silo host's gRPC gateway (docs/python.md): the engine's own setting, <see cref="EngineOptions.Gateway"/>
/// (<c>Mochi:Gateway:Port</c>, <c>Mochi:Gateway:ListenAddress</c>), as for server engines; checked with the rest of the
/// engine's options by <see cref="Configuration.SiloHostSettings"/>.
/// </summary>
internal static class HostGateway
{
    /// <summary>The key under <c>Mochi:Host</c> that the gateway's settings had before they became the engine's.</summary>
    public const string MovedKey = "Gateway";

    /// <summary>When a port is set, adds the gateway and its listener.</summary>
    /// <returns>Where the gateway listens, or <see langword="null"/> when none is served.</returns>
    /// <exception cref="OptionsValidationException">The port is in use.</exception>
    public static IPEndPoint? AddHostGateway(this WebApplicationBuilder builder, GrpcGatewayOptions options)
    {
        if (options.Port is not { } port)
        {
            return null;
        }

        var endpoint = new IPEndPoint(IPAddress.Parse(options.ListenAddress), port);
        try
        {
            ListenEndpointCheck.ThrowIfInUse(endpoint, PortKey);
        }
        catch (MargoException exception)
        {
            throw new OptionsValidationException(EngineOptions.SectionName, typeof(EngineOptions), [$"{PortKey}: {exception.Message}"]);
        }

        builder.Services.AddMochiGateway();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenMochiGateway(endpoint));
        return endpoint;
    }

    /// <summary>Maps the gateway's service when one is served.</summary>
    public static void MapHostGateway(this WebApplication app, IPEndPoint? endpoint)
    {
        if (endpoint is not null)
        {
            app.MapMochiGateway(endpoint);
        }
    }

    private static string PortKey => $"{EngineOptions.SectionName}:{nameof(EngineOptions.Gateway)}:{nameof(GrpcGatewayOptions.Port)}";
}
