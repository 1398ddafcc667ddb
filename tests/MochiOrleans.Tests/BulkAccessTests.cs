using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MochiOrleans.Grains;
using MochiOrleans.Tests.Providers;

namespace MochiOrleans.Tests;

/// <summary>A server engine's bulks behind its access token, like every other call from outside the cluster.</summary>
public sealed class BulkAccessTests : IAsyncLifetime
{
    private const string AccessToken = "access-bulk-5d1c";
    private const ushort ProviderId = 14;

    private Engine _server = null!;

    public async Task InitializeAsync()
    {
        _server = await Engine.StartAsync("tcp", options: new EngineOptions { AccessToken = AccessToken }).WithDeadline(TimeSpan.FromMinutes(1));
        await _server.RegisterProviderAsync(new BulkProvider(_server), ProviderId).WithDeadline();
    }

    public Task DisposeAsync() => _server.DisposeAsync().AsTask().WithDeadline(TimeSpan.FromMinutes(1));

    [Fact]
    public async Task A_client_with_the_access_token_pulls_from_and_pushes_to_a_server_bulk_and_the_server_reaches_its_bulks()
    {
        await using var client = await Engine.StartAsync("tcp", EngineMode.Client, new EngineOptions { AccessToken = AccessToken }).WithDeadline();
        var address = await client.LookupAsync(_server.Address.ToString()).WithDeadline();
        var remote = await client.Register("bulk_expose").On(address, ProviderId).CallAsync<Bulk>(64, BulkMode.ReadWrite).WithDeadline();
        var data = new byte[64];
        await using var local = client.CreateBulk(data, BulkMode.ReadWrite);

        await client.TransferAsync(BulkOperation.Pull, address, remote, 0, local, 0, 64).WithDeadline();
        await client.TransferAsync(BulkOperation.Push, address, remote, 0, local, 0, 64).WithDeadline();
        var pulled = await client.Register("bulk_pull").On(address, ProviderId).CallAsync<byte[]>(local, 10L, 4).WithDeadline();

        Assert.Equal(new byte[] { 10, 11, 12, 13 }, pulled);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    public async Task A_client_without_the_access_token_cannot_reach_a_server_bulk_even_knowing_its_descriptor(string? token)
    {
        await using var client = await Engine.StartAsync("tcp", EngineMode.Client, new EngineOptions { AccessToken = AccessToken }).WithDeadline();
        var address = await client.LookupAsync(_server.Address.ToString()).WithDeadline();
        var remote = await client.Register("bulk_expose").On(address, ProviderId).CallAsync<Bulk>(64, BulkMode.ReadWrite).WithDeadline();
        var gateway = new Uri(_server.Address.ToString());
        await using var intruder = await Testing.OrleansClientHost.StartAsync(
            new IPEndPoint(IPAddress.Parse(gateway.Host), gateway.Port),
            clusterId: "mochi",
            serviceId: "mochi",
            c => c.Services.Configure<EngineOptions>(o => o.AccessToken = token));
        var bulkGrain = intruder.Client.GetGrain<IBulkGrain>(remote.Descriptor!.Value.SiloKey!);

        var read = await Assert.ThrowsAnyAsync<Exception>(() => bulkGrain.ReadAsync(remote.Descriptor!.Value.Id, 0, 64).WithDeadline());
        var write = await Assert.ThrowsAnyAsync<Exception>(() => bulkGrain.WriteAsync(remote.Descriptor!.Value.Id, 0, new Internal.Transfers.BulkBytes(new byte[64])).WithDeadline());

        Assert.Equal(MargoErrorCode.Permission, Assert.IsType<MargoException>(read).Code);
        Assert.Equal(MargoErrorCode.Permission, Assert.IsType<MargoException>(write).Code);
    }
}
