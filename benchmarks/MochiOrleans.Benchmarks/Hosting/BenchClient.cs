using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace MochiOrleans.Benchmarks.Hosting;

/// <summary>
/// An external Orleans client over TCP loopback. Raw calls and facade calls share its one gateway connection, so the
/// two differ only by what MochiOrleans adds.
/// </summary>
internal sealed class BenchClient : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchClient(IHost host)
    {
        _host = host;
        Engine = host.Services.GetRequiredService<Engine>();
        Grains = host.Services.GetRequiredService<IClusterClient>();
    }

    public Engine Engine { get; }

    public IGrainFactory Grains { get; }

    public static async Task<BenchClient> ConnectAsync(int gatewayPort, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // The watchdog misreads its first check after start-up as a stall; other warnings are worth seeing.
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error);
        builder.UseOrleansClient(client => client
            .UseStaticClustering(new IPEndPoint(IPAddress.Loopback, gatewayPort))
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = BenchSilo.ClusterId;
                o.ServiceId = BenchSilo.ServiceId;
            })
            .AddMochi());
        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return new BenchClient(host);
    }

    public ValueTask DisposeAsync() => _host.StopAndDisposeAsync();
}
