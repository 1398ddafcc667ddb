using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MochiOrleans.Benchmarks.Workload;
using MochiOrleans.Testing;
using Orleans.Configuration;

namespace MochiOrleans.Benchmarks.Hosting;

/// <summary>
/// One silo that serves both sides of the comparison: the raw <see cref="IEchoGrain"/> and the Mochi
/// <see cref="EchoProvider"/>, registered on the silo's engine as the tutorial does.
/// </summary>
internal sealed class BenchSilo : IAsyncDisposable
{
    public const string ClusterId = "mochi-bench";
    public const string ServiceId = "mochi-bench";

    private readonly IHost _host;

    private BenchSilo(IHost host, int gatewayPort)
    {
        _host = host;
        GatewayPort = gatewayPort;
        Engine = host.Services.GetRequiredService<Engine>();
        Grains = host.Services.GetRequiredService<IGrainFactory>();
    }

    /// <summary>The silo's own engine: in-process calls go through it.</summary>
    public Engine Engine { get; }

    /// <summary>The silo's grain factory: in-process raw calls go through it.</summary>
    public IGrainFactory Grains { get; }

    public int GatewayPort { get; }

    public static async Task<BenchSilo> StartAsync(CancellationToken cancellationToken, BenchTls? tls = null, BenchCluster? cluster = null)
    {
        var ports = FreePorts.Take(2);
        var (siloPort, gatewayPort) = (ports[0], ports[1]);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // The watchdog misreads its first check after start-up as a stall; other warnings are worth seeing.
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        var delivered = new DeliveryCounter();
        builder.Services.AddSingleton(delivered);
        builder.UseOrleans(silo =>
        {
            if (cluster is null)
            {
                silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: ServiceId, clusterId: ClusterId);
            }
            else
            {
                silo.UseRedisClustering(cluster.Redis)
                    .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, ServiceId));
            }

            silo.Configure<EndpointOptions>(endpoints =>
                {
                    endpoints.AdvertisedIPAddress = IPAddress.Loopback;
                    endpoints.SiloPort = siloPort;
                    endpoints.GatewayPort = gatewayPort;
                    endpoints.SiloListeningEndpoint = new IPEndPoint(IPAddress.Loopback, siloPort);
                    endpoints.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Loopback, gatewayPort);
                })
                .AddMochi(mochi =>
                {
                    if (tls is not null)
                    {
                        mochi.Configure(tls.ApplyTo);
                    }

                    // Virtual providers, configured alike on every silo as docs/deploy.md asks; Orleans places each.
                    for (var id = 1; id <= (cluster?.VirtualProviders ?? 0); id++)
                    {
                        mochi.AddProvider<EchoProvider>((ushort)id);
                    }
                });
        });

        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        var silo = new BenchSilo(host, gatewayPort);
        // An instance provider id is unique in a cluster: the scale-out mode's silos serve only the virtual providers.
        if (cluster is null)
        {
            await silo.Engine.RegisterProviderAsync(new EchoProvider(delivered), EchoProvider.ProviderId, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        return silo;
    }

    public ValueTask DisposeAsync() => _host.StopAndDisposeAsync();
}
