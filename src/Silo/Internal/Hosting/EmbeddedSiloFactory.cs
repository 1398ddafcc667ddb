using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace MochiOrleans.Internal.Hosting;

/// <summary>
/// Starts the silo of a server-mode <c>Engine.StartAsync</c>: a Generic Host with one silo on localhost clustering,
/// listening on the requested endpoint, whose engine owns the host; with <see cref="EngineOptions.Gateway"/> set, an
/// ASP.NET Core application of MochiOrleans.Gateway that also serves the gRPC gateway. Found by name from
/// MochiOrleans.Client.
/// </summary>
internal sealed class EmbeddedSiloFactory : IEmbeddedSiloFactory
{
    private const string GatewayPortKey = $"{EngineOptions.SectionName}:{nameof(EngineOptions.Gateway)}:{nameof(GrpcGatewayOptions.Port)}";

    public async Task<Engine> StartAsync(string host, int gatewayPort, EngineOptions options, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        var grpcPort = options.Gateway.Port ?? 0;
        ThrowIfShared(grpcPort, gatewayPort);

        // Before anything binds: an application without the gateway cannot serve one, whatever the ports.
        var gateway = options.Gateway.Port is null ? null : EmbeddedGatewayLoader.Load();
        var ip = await ResolveAsync(host, cancellationToken).ConfigureAwait(false);
        var siloPort = options.SiloPort == 0 ? FreePort(ip, grpcPort) : options.SiloPort;
        gatewayPort = gatewayPort == 0 ? FreePort(ip, grpcPort, siloPort) : gatewayPort;
        ListenEndpointCheck.ThrowIfInUse(new IPEndPoint(ip, gatewayPort), "gateway port");
        ListenEndpointCheck.ThrowIfInUse(new IPEndPoint(ip, siloPort), "silo port");
        IPEndPoint? grpcEndpoint = null;
        if (gateway is not null)
        {
            grpcEndpoint = new IPEndPoint(IPAddress.Parse(options.Gateway.ListenAddress), grpcPort);
            ListenEndpointCheck.ThrowIfInUse(grpcEndpoint, GatewayPortKey);
        }

        // An empty builder: an embedded engine is a program's helper, so it neither picks a log provider nor reads the
        // program's configuration; it logs to the caller's factory, if one was given, and nowhere otherwise.
        var builder = gateway?.CreateBuilder(grpcEndpoint!) ?? Host.CreateEmptyApplicationBuilder(settings: null);
        if (loggerFactory is not null)
        {
            // Registered as an instance, so the silo's container does not dispose the caller's factory.
            builder.Services.Replace(ServiceDescriptor.Singleton(loggerFactory));
        }

        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort, gatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId)
            .Configure<EndpointOptions>(endpoints =>
            {
                endpoints.AdvertisedIPAddress = ip;
                endpoints.SiloListeningEndpoint = new IPEndPoint(ip, siloPort);
                endpoints.GatewayListeningEndpoint = new IPEndPoint(ip, gatewayPort);
            })
            .AddMochi()
            .Services.AddSingleton(Options.Create(options)));

        var app = gateway?.Build(builder, grpcEndpoint!) ?? ((HostApplicationBuilder)builder).Build();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await ((IAsyncDisposable)app).DisposeAsync().ConfigureAwait(false);
            throw;
        }

        app.Services.GetRequiredService<EngineServer>().OwnHost(app);
        return app.Services.GetRequiredService<Engine>();
    }

    /// <summary>
    /// The silo port's clash is refused with the other options; the Orleans gateway port comes from the address, so
    /// its clash is refused here, before anything binds.
    /// </summary>
    private static void ThrowIfShared(int grpcPort, int gatewayPort)
    {
        if (grpcPort != 0 && grpcPort == gatewayPort)
        {
            throw new MargoException(
                MargoErrorCode.InvalidArgument,
                $"Invalid engine options: {GatewayPortKey} and the engine address's gateway port are both {grpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture)}; each needs its own port.");
        }
    }

    private static async Task<IPAddress> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (host.Length == 0 || string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        if (IPAddress.TryParse(host, out var ip))
        {
            return ip;
        }

        var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        return Array.Find(addresses, a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? throw new MargoException(MargoErrorCode.InvalidArgument, $"Host '{host}' has no IPv4 address to listen on.");
    }

    /// <summary>A port free on <paramref name="ip"/> now, other than those <paramref name="taken"/> by other settings.</summary>
    private static int FreePort(IPAddress ip, params ReadOnlySpan<int> taken)
    {
        // The system could hand out a port that another setting names but nothing binds yet: ask again (bounded, as
        // it hands out distinct ports in turn).
        for (var attempt = 0; ; attempt++)
        {
            using var listener = new TcpListener(ip, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (!taken.Contains(port) || attempt == 8)
            {
                return port;
            }
        }
    }
}
