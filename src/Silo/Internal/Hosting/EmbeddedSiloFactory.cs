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
/// listening on the requested endpoint, whose engine owns the host. Found by name from MochiOrleans.Client.
/// </summary>
internal sealed class EmbeddedSiloFactory : IEmbeddedSiloFactory
{
    public async Task<Engine> StartAsync(string host, int gatewayPort, EngineOptions options, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        var ip = await ResolveAsync(host, cancellationToken).ConfigureAwait(false);
        var siloPort = options.SiloPort == 0 ? FreePort(ip) : options.SiloPort;
        gatewayPort = gatewayPort == 0 ? FreePort(ip) : gatewayPort;
        ListenEndpointCheck.ThrowIfInUse(new IPEndPoint(ip, gatewayPort), "gateway port");
        ListenEndpointCheck.ThrowIfInUse(new IPEndPoint(ip, siloPort), "silo port");

        // An empty builder: an embedded engine is a program's helper, so it neither picks a log provider nor reads the
        // program's configuration; it logs to the caller's factory, if one was given, and nowhere otherwise.
        var builder = Host.CreateEmptyApplicationBuilder(settings: null);
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

        var app = builder.Build();
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

    private static int FreePort(IPAddress ip)
    {
        using var listener = new TcpListener(ip, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
