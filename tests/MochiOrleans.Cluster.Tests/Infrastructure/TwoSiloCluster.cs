namespace MochiOrleans.Cluster.Tests.Infrastructure;

/// <summary>
/// Two ready silo processes of one Redis-clustered deployment (instance providers <c>node</c> 100 on silo-a and 101 on
/// silo-b), a client that finds the gateways in Redis, and an address of the cluster to call through.
/// </summary>
internal sealed class TwoSiloCluster : IAsyncDisposable
{
    public const ushort NodeAId = 100;
    public const ushort NodeBId = 101;

    private TwoSiloCluster(SiloProcess a, SiloProcess b, RedisClusterClient client, Address address)
    {
        A = a;
        B = b;
        Client = client;
        Address = address;
    }

    public SiloProcess A { get; }

    public SiloProcess B { get; }

    public RedisClusterClient Client { get; }

    /// <summary>silo-a's engine address, looked up by the client.</summary>
    public Address Address { get; }

    public CallableRemoteFunction Rpc(string name, ushort providerId) => Client.Engine.Register(name).On(Address, providerId);

    public static async Task<TwoSiloCluster> StartAsync(string redis)
    {
        var clusterId = "test-" + Guid.NewGuid().ToString("N");
        var a = SiloProcess.StartClustered("silo-a", redis, clusterId, NodeAId);
        var b = SiloProcess.StartClustered("silo-b", redis, clusterId, NodeBId);
        RedisClusterClient? client = null;
        try
        {
            await Task.WhenAll(a.WaitUntilReadyAsync(), b.WaitUntilReadyAsync());
            client = await RedisClusterClient.ConnectAsync(redis, clusterId);
            return new TwoSiloCluster(a, b, client, await client.Engine.LookupAsync(a.EngineAddress).WithDeadline());
        }
        catch
        {
            await using (a)
            await using (b)
            {
                if (client is not null)
                {
                    await client.DisposeAsync();
                }
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The silos go even if the client fails to stop.
        await using (A)
        await using (B)
        {
            await Client.DisposeAsync();
        }
    }
}
