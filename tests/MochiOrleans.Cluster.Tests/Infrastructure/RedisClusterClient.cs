using Microsoft.Extensions.Hosting;

namespace MochiOrleans.Cluster.Tests.Infrastructure;

/// <summary>
/// An Orleans client that finds the gateways in the Redis membership table, with MochiOrleans' client engine: losing
/// a silo loses one gateway, not the connection to the cluster.
/// </summary>
internal sealed class RedisClusterClient : IAsyncDisposable
{
    private readonly OrleansClientHost _host;

    private RedisClusterClient(OrleansClientHost host) => _host = host;

    public Engine Engine => _host.Engine;

    public static async Task<RedisClusterClient> ConnectAsync(string redis, string clusterId) =>
        new(await OrleansClientHost.StartAsync(clusterId, serviceId: "mochi", client => client.UseRedisClustering(redis)));

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
