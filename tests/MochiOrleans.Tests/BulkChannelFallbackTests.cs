using MochiOrleans.Tests.Providers;

namespace MochiOrleans.Tests;

/// <summary>Without a data channel (switched off on either side) transfers still complete, as Orleans messages.</summary>
public sealed class BulkChannelFallbackTests
{
    private const ushort ProviderId = 14;
    private const int Size = (2 * 1024 * 1024) + 3;

    [Fact]
    public async Task With_the_channel_off_on_the_server_every_transfer_goes_as_Orleans_messages()
    {
        await using var server = await Engine.StartAsync(options: new EngineOptions { EnableBulkChannel = false }).WithDeadline();
        await server.RegisterProviderAsync(new BulkProvider(server), ProviderId).WithDeadline();
        await using var client = await Engine.StartAsync("tcp", EngineMode.Client).WithDeadline();
        var address = await client.LookupAsync(server.Address.ToString()).WithDeadline();
        var data = new byte[Size];
        new Random(15).NextBytes(data);
        await using var bulk = client.CreateBulk(data, BulkMode.ReadOnly);
        var remote = await client.Register("bulk_expose").On(address, ProviderId).CallAsync<Bulk>(Size, BulkMode.ReadOnly).WithDeadline();
        var local = new byte[Size];
        await using var localBulk = client.CreateBulk(local, BulkMode.WriteOnly);

        var pulled = await client.Register("bulk_pull").On(address, ProviderId).CallAsync<byte[]>(bulk, 0L, Size).WithDeadline();
        await client.TransferAsync(BulkOperation.Pull, address, remote, 0, localBulk, 0, Size).WithDeadline();

        Assert.Equal(data, pulled);
        Assert.Equal((byte)((Size - 1) % 251), local[^1]);
        Assert.Equal((0L, 1L), (server.BulkChannels.ChannelTransfers, server.BulkChannels.MessageTransfers));
        Assert.Equal((0L, 1L), (client.BulkChannels.ChannelTransfers, client.BulkChannels.MessageTransfers));
    }

    [Fact]
    public async Task A_client_engine_with_the_channel_off_answers_a_servers_request_to_connect_and_the_server_falls_back_to_messages()
    {
        await using var server = await Engine.StartAsync().WithDeadline();
        await server.RegisterProviderAsync(new BulkProvider(server), ProviderId).WithDeadline();
        await using var client = await Engine.StartAsync("tcp", EngineMode.Client, new EngineOptions { EnableBulkChannel = false }).WithDeadline();
        var address = await client.LookupAsync(server.Address.ToString()).WithDeadline();
        var data = new byte[Size];
        new Random(16).NextBytes(data);
        await using var bulk = client.CreateBulk(data, BulkMode.ReadOnly);

        var pulled = await client.Register("bulk_pull").On(address, ProviderId).CallAsync<byte[]>(bulk, 0L, Size).WithDeadline();

        Assert.Equal(data, pulled);
        Assert.Equal((0L, 1L), (server.BulkChannels.ChannelTransfers, server.BulkChannels.MessageTransfers));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(70000)]
    public async Task A_bulk_channel_port_that_is_not_a_port_is_refused_at_start_naming_its_key(int port)
    {
        var error = await Assert.ThrowsAsync<MargoException>(() => Engine.StartAsync(options: new EngineOptions { BulkChannelPort = port }).WithDeadline());

        Assert.Equal(MargoErrorCode.InvalidArgument, error.Code);
        Assert.Contains("Mochi:BulkChannelPort", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pinned_bulk_channel_port_is_the_one_tickets_name()
    {
        var port = Testing.FreePorts.Take(1)[0];
        await using var server = await Engine.StartAsync(options: new EngineOptions { BulkChannelPort = port }).WithDeadline();
        await server.RegisterProviderAsync(new BulkProvider(server), ProviderId).WithDeadline();
        await using var client = await Engine.StartAsync("tcp", EngineMode.Client).WithDeadline();

        var (_, offer, _) = await BulkChannelTests.OfferAsync(client, server.Address.ToString(), 64);

        Assert.Equal(port, offer.Port);
    }
}
