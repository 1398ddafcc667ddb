using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MochiOrleans.Testing;

namespace MochiOrleans.Benchmarks.Hosting;

/// <summary>
/// An external Orleans client over TCP loopback. Raw calls and facade calls share its one gateway connection, so the
/// two differ only by what MochiOrleans adds.
/// </summary>
internal sealed class BenchClient : IAsyncDisposable
{
    private readonly OrleansClientHost _host;

    private BenchClient(OrleansClientHost host) => _host = host;

    public Engine Engine => _host.Engine;

    public IGrainFactory Grains => _host.Client;

    public static async Task<BenchClient> ConnectAsync(int gatewayPort, CancellationToken cancellationToken, BenchTls? tls = null) =>
        new(await OrleansClientHost.StartAsync(
            new IPEndPoint(IPAddress.Loopback, gatewayPort),
            BenchSilo.ClusterId,
            BenchSilo.ServiceId,
            configure: null,
            // The watchdog misreads its first check after start-up as a stall; other warnings are worth seeing.
            host =>
            {
                host.Logging.AddConsole().AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
                host.Configuration.AddInMemoryCollection(tls?.ToConfiguration() ?? []);
            },
            cancellationToken).ConfigureAwait(false));

    /// <summary>A client of the scale-out mode's cluster, finding its gateways in Redis as a deployed client does.</summary>
    public static async Task<BenchClient> ConnectToClusterAsync(BenchCluster cluster, CancellationToken cancellationToken) =>
        new(await OrleansClientHost.StartAsync(
            cluster.ClusterId,
            BenchSilo.ServiceId,
            client => client.UseRedisClustering(cluster.Redis),
            host => host.Logging.AddConsole().AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error),
            cancellationToken).ConfigureAwait(false));

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
