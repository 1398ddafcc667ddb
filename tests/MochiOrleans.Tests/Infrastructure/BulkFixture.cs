using MochiOrleans.Tests.Providers;

namespace MochiOrleans.Tests.Infrastructure;

/// <summary>
/// A server engine over TCP serving <see cref="BulkProvider"/>, and a client engine connected to it, as two programs
/// would use them: the server reaches the client engine's bulks only through what the client registered.
/// </summary>
public sealed class BulkFixture : IAsyncLifetime
{
    public const ushort ProviderId = 14;

    /// <summary>The server's default call timeout, which bounds each chunk it waits for.</summary>
    public static readonly TimeSpan ChunkTimeout = TimeSpan.FromSeconds(10);

    public Engine Server { get; private set; } = null!;

    public BulkProvider Provider { get; private set; } = null!;

    public Engine Client { get; private set; } = null!;

    /// <summary>The server's address as the client looked it up.</summary>
    public Address ServerAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // A client engine gone mid-transfer is known only by its silence: its chunks wait this long.
        Server = await Engine.StartAsync("tcp", options: new EngineOptions { DefaultTimeout = ChunkTimeout }).WithDeadline();
        Provider = new BulkProvider(Server);
        await Server.RegisterProviderAsync(Provider, ProviderId).WithDeadline();
        Client = await Engine.StartAsync("tcp", EngineMode.Client).WithDeadline();
        ServerAddress = await Client.LookupAsync(Server.Address.ToString()).WithDeadline();
    }

    /// <summary>The client engine's callable <c>bulk_*</c> RPC.</summary>
    public CallableRemoteFunction Rpc(string name) => Rpc(Client, name);

    /// <summary>Engine <paramref name="engine"/>'s callable <c>bulk_*</c> RPC on the server.</summary>
    public CallableRemoteFunction Rpc(Engine engine, string name) => engine.Register("bulk_" + name).On(ServerAddress, ProviderId);

    public async Task DisposeAsync()
    {
        try
        {
            await Client.DisposeAsync().WithDeadline();
        }
        finally
        {
            await Server.DisposeAsync().WithDeadline();
        }
    }
}

/// <summary>Tests that share one <see cref="BulkFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class BulkCollection : ICollectionFixture<BulkFixture>
{
    public const string Name = "bulk";
}
