using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace MochiOrleans.Cluster.Tests.Infrastructure;

/// <summary>
/// An Orleans client that finds the gateways in the Redis membership table, with MochiOrleans' client engine: losing
/// a silo loses one gateway, not the connection to the cluster.
/// </summary>
internal sealed class RedisClusterClient : IAsyncDisposable
{
    private readonly IHost _host;

    private RedisClusterClient(IHost host)
    {
        _host = host;
        Engine = host.Services.GetRequiredService<Engine>();
    }

    public Engine Engine { get; }

    public static async Task<RedisClusterClient> ConnectAsync(string redis, string clusterId)
    {
        var builder = Host.CreateEmptyApplicationBuilder(settings: null);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client
            .UseRedisClustering(redis)
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = "mochi";
            })
            .AddMochi());
        var host = builder.Build();
        await host.StartAsync().WithDeadline();
        return new RedisClusterClient(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().WithDeadline();
        _host.Dispose();
    }
}
