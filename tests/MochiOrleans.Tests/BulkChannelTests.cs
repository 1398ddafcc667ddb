using MochiOrleans.Grains;
using MochiOrleans.Internal.Transfers;
using MochiOrleans.Tests.Infrastructure;

namespace MochiOrleans.Tests;

/// <summary>
/// The bulk data channel: transfers between engines move over it, and it admits only the single-use ticket an Orleans
/// call handed out, bound to its bulk, operation and range, until it expires.
/// </summary>
[Collection(BulkCollection.Name)]
public class BulkChannelTests(BulkFixture fixture)
{
    private const int Size = 3 * 1024 * 1024;

    [Fact]
    public async Task A_server_pulling_from_and_pushing_to_a_client_engines_bulk_moves_the_bytes_over_the_data_channel()
    {
        var data = new byte[Size];
        new Random(14).NextBytes(data);
        await using var bulk = fixture.Client.CreateBulk(data, BulkMode.ReadWrite);
        var channels = fixture.Server.BulkChannels;
        var (viaChannel, viaMessages) = (channels.ChannelTransfers, channels.MessageTransfers);
        var expected = data[5..];

        var pulled = await fixture.Rpc("pull").CallAsync<byte[]>(bulk, 5L, Size - 5).WithDeadline();
        await fixture.Rpc("push").CallAsync<object?>(bulk, 7L, new byte[] { 1, 2, 3 }).WithDeadline();

        Assert.Equal(expected, pulled);
        Assert.Equal(new byte[] { 1, 2, 3 }, data[7..10]);
        Assert.Equal(viaChannel + 2, channels.ChannelTransfers);
        Assert.Equal(viaMessages, channels.MessageTransfers);
    }

    [Fact]
    public async Task A_client_pulling_from_and_pushing_to_a_server_engines_bulk_moves_the_bytes_over_the_data_channel()
    {
        var remote = await fixture.Rpc("expose").CallAsync<Bulk>(Size, BulkMode.ReadWrite).WithDeadline();
        var data = new byte[Size];
        await using var local = fixture.Client.CreateBulk(data, BulkMode.ReadWrite);
        var channels = fixture.Client.BulkChannels;
        var (viaChannel, viaMessages) = (channels.ChannelTransfers, channels.MessageTransfers);

        await fixture.Client.TransferAsync(BulkOperation.Pull, fixture.ServerAddress, remote, 0, local, 0, Size).WithDeadline();
        var pulledPattern = data.Select((b, i) => b == (byte)(i % 251)).All(same => same);
        data.AsSpan(0, 4).Fill(0xAB);
        await fixture.Client.TransferAsync(BulkOperation.Push, fixture.ServerAddress, remote, 100, local, 0, 4).WithDeadline();
        var back = new byte[8];
        await using var check = fixture.Client.CreateBulk(back, BulkMode.WriteOnly);
        await fixture.Client.TransferAsync(BulkOperation.Pull, fixture.ServerAddress, remote, 98, check, 0, 8).WithDeadline();

        Assert.True(pulledPattern);
        Assert.Equal(new byte[] { 98, 99, 0xAB, 0xAB, 0xAB, 0xAB, 104, 105 }, back);
        Assert.Equal(viaChannel + 3, channels.ChannelTransfers);
        Assert.Equal(viaMessages, channels.MessageTransfers);
    }

    [Fact]
    public async Task A_ticket_admits_one_connection_for_its_own_range_and_a_wrong_or_reused_ticket_is_refused_with_Permission()
    {
        // An engine of its own, whose only connection is to the fixture's server.
        await using var client = await Engine.StartAsync("tcp", EngineMode.Client).WithDeadline();
        var (remote, offer, binding) = await OfferAsync(client, fixture.Server.Address.ToString(), 64);
        var dialer = client.BulkChannels.Dialer;

        var wrong = await Assert.ThrowsAsync<MargoException>(() => dialer.ConnectAsync(offer with { Ticket = Guid.NewGuid() }, binding, CancellationToken.None).WithDeadline());
        var otherRange = await Assert.ThrowsAsync<MargoException>(() => dialer.ConnectAsync(offer, binding with { Length = 128 }, CancellationToken.None).WithDeadline());
        var received = new byte[64];
        await using (var stream = await dialer.ConnectAsync(offer, binding, CancellationToken.None).WithDeadline())
        {
            await BulkChannelStream.ReceiveAsync(stream, received, check: null, progress: null, TimeSpan.FromSeconds(30), CancellationToken.None).WithDeadline();
        }

        var reused = await Assert.ThrowsAsync<MargoException>(() => dialer.ConnectAsync(offer, binding, CancellationToken.None).WithDeadline());

        Assert.Equal(MargoErrorCode.Permission, wrong.Code);
        Assert.Contains("wrong", wrong.Message, StringComparison.Ordinal);
        Assert.Equal(MargoErrorCode.Permission, otherRange.Code);
        Assert.Contains("another transfer", otherRange.Message, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(0, 64).Select(i => (byte)i), received);
        Assert.Equal(MargoErrorCode.Permission, reused.Code);
        Assert.Contains("already used", reused.Message, StringComparison.Ordinal);
        Assert.NotNull(remote);
    }

    [Fact]
    public async Task An_expired_ticket_is_refused_with_Permission_and_moves_nothing()
    {
        var lifetime = TimeSpan.FromMilliseconds(50);
        await using var server = await Engine.StartAsync(options: new EngineOptions { BulkChannelTicketLifetime = lifetime }).WithDeadline();
        await server.RegisterProviderAsync(new Providers.BulkProvider(server), BulkFixture.ProviderId).WithDeadline();
        await using var client = await Engine.StartAsync("tcp", EngineMode.Client).WithDeadline();
        var (_, offer, binding) = await OfferAsync(client, server.Address.ToString(), 64);

        // The ticket outlives its lifetime: waiting is the point here, not a race.
        await Task.Delay(lifetime * 4);
        var expired = await Assert.ThrowsAsync<MargoException>(() => client.BulkChannels.Dialer.ConnectAsync(offer, binding, CancellationToken.None).WithDeadline());

        Assert.Equal(MargoErrorCode.Permission, expired.Code);
        Assert.Contains("expired", expired.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connections_that_never_present_a_ticket_fill_only_the_listeners_handshake_slots_and_leave_it_serving_once_gone()
    {
        // A ticket lifetime far beyond the test's deadlines: only the cap can close the extra connection in time.
        var options = new EngineOptions { BulkChannelMaxHandshakes = 2, BulkChannelTicketLifetime = TimeSpan.FromMinutes(10) };
        await using var server = await Engine.StartAsync(options: options).WithDeadline();
        await server.RegisterProviderAsync(new Providers.BulkProvider(server), BulkFixture.ProviderId).WithDeadline();
        await using var client = await Engine.StartAsync("tcp", EngineMode.Client).WithDeadline();
        var (_, offer, _) = await OfferAsync(client, server.Address.ToString(), 64);
        var idle = new List<System.Net.Sockets.TcpClient>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                idle.Add(new System.Net.Sockets.TcpClient());
                await idle[i].ConnectAsync(offer.Host, offer.Port).WithDeadline();
            }

            // The listener is full: the next connection is closed without a word (end of stream), not left waiting.
            using var extra = new System.Net.Sockets.TcpClient();
            await extra.ConnectAsync(offer.Host, offer.Port).WithDeadline();
            var read = await extra.GetStream().ReadAsync(new byte[1]).AsTask().WithDeadline();
            Assert.Equal(0, read);
        }
        finally
        {
            idle.ForEach(c => c.Dispose());
        }

        // Once the idle peers are gone their slots free up: a ticket is admitted again (polled: the listener notices
        // each close when its read ends).
        await Deadline.UntilAsync(
            async () =>
            {
                var (_, again, binding) = await OfferAsync(client, server.Address.ToString(), 64);
                try
                {
                    await using var stream = await client.BulkChannels.Dialer.ConnectAsync(again, binding, CancellationToken.None).WithDeadline();
                    return true;
                }
                catch (Exception exception) when (exception is MargoException or IOException or System.Net.Sockets.SocketException)
                {
                    // Closed by a listener still full, or refused: ask again.
                    return false;
                }
            },
            "the listener admits a ticket again");
    }

    [Fact]
    public async Task The_owner_refuses_a_channel_for_a_range_or_mode_it_does_not_allow_before_handing_out_a_ticket()
    {
        await using var client = await Engine.StartAsync("tcp", EngineMode.Client).WithDeadline();
        var address = await client.LookupAsync(fixture.Server.Address.ToString()).WithDeadline();
        var remote = await client.Register("bulk_expose").On(address, BulkFixture.ProviderId).CallAsync<Bulk>(64, BulkMode.ReadOnly).WithDeadline();
        var grain = client.OpenConnections.Single().Grains.GetGrain<IBulkGrain>(remote.Descriptor!.Value.SiloKey!);

        var outside = await grain.OpenChannelAsync(remote.Descriptor.Value.Id, BulkOperation.Pull, 32, 64).WithDeadline();
        var push = await grain.OpenChannelAsync(remote.Descriptor.Value.Id, BulkOperation.Push, 0, 64).WithDeadline();
        var guessed = await grain.OpenChannelAsync(Guid.NewGuid(), BulkOperation.Pull, 0, 64).WithDeadline();

        Assert.Equal((MargoErrorCode.InvalidArgument, (BulkChannelOffer?)null), (outside.Error, outside.Offer));
        Assert.Equal((MargoErrorCode.Permission, (BulkChannelOffer?)null), (push.Error, push.Offer));
        Assert.Equal((MargoErrorCode.NoEntry, (BulkChannelOffer?)null), (guessed.Error, guessed.Offer));
    }

    /// <summary>A bulk of <paramref name="size"/> pattern bytes on <paramref name="server"/>, and a ticket to pull all of it, asked for as <c>TransferAsync</c> would.</summary>
    internal static async Task<(Bulk Remote, BulkChannelOffer Offer, BulkChannelBinding Binding)> OfferAsync(Engine client, string server, int size)
    {
        var address = await client.LookupAsync(server).WithDeadline().ConfigureAwait(false);
        var remote = await client.Register("bulk_expose").On(address, BulkFixture.ProviderId).CallAsync<Bulk>(size, BulkMode.ReadOnly).WithDeadline().ConfigureAwait(false);
        var descriptor = remote.Descriptor!.Value;
        var grain = client.OpenConnections.Single().Grains.GetGrain<IBulkGrain>(descriptor.SiloKey!);
        var reply = await grain.OpenChannelAsync(descriptor.Id, BulkOperation.Pull, 0, size).WithDeadline().ConfigureAwait(false);
        return (remote, reply.Offer ?? throw new InvalidOperationException($"No offer: {reply.Error} {reply.Message}"), new BulkChannelBinding(descriptor.Id, BulkOperation.Pull, 0, size));
    }
}
