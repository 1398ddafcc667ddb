using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using MochiOrleans.Tests.Infrastructure;

namespace MochiOrleans.Tests;

/// <summary>Mercury's rules on bulk transfers: modes, ranges, disposed and unknown handles, and who may reach a bulk.</summary>
[Collection(BulkCollection.Name)]
public class BulkRuleTests(BulkFixture fixture)
{
    private Engine Client => fixture.Client;

    [Theory]
    [InlineData(BulkMode.WriteOnly, BulkOperation.Pull, BulkMode.ReadWrite, "Permission")]
    [InlineData(BulkMode.ReadOnly, BulkOperation.Push, BulkMode.ReadWrite, "Permission")]
    [InlineData(BulkMode.ReadWrite, BulkOperation.Pull, BulkMode.ReadOnly, "Permission")]
    [InlineData(BulkMode.ReadWrite, BulkOperation.Push, BulkMode.WriteOnly, "Permission")]
    [InlineData(BulkMode.ReadOnly, BulkOperation.Pull, BulkMode.WriteOnly, "ok")]
    [InlineData(BulkMode.WriteOnly, BulkOperation.Push, BulkMode.ReadOnly, "ok")]
    [InlineData(BulkMode.ReadWrite, BulkOperation.Pull, BulkMode.ReadWrite, "ok")]
    public async Task A_server_transfer_with_a_client_bulk_follows_both_bulks_modes(BulkMode originMode, BulkOperation operation, BulkMode localMode, string expected)
    {
        await using var bulk = Client.CreateBulk(new byte[64], originMode);

        var outcome = await fixture.Rpc("transfer").CallAsync<string>(bulk, operation, 0L, 64, 64, localMode).WithDeadline();

        Assert.Equal(expected, outcome);
    }

    [Theory]
    [InlineData(60L, 8, 64)]   // past the origin's end
    [InlineData(-1L, 8, 64)]   // before its start
    [InlineData(0L, 65, 128)]  // longer than the origin
    [InlineData(0L, 32, 16)]   // longer than the local bulk
    [InlineData(0L, -1, 16)]   // a negative size
    public async Task A_range_outside_either_bulk_raises_InvalidArgument(long originOffset, int size, int localSize)
    {
        await using var bulk = Client.CreateBulk(new byte[64], BulkMode.ReadWrite);

        var outcome = await fixture.Rpc("transfer").CallAsync<string>(bulk, BulkOperation.Pull, originOffset, size, localSize, BulkMode.ReadWrite).WithDeadline();

        Assert.Equal("InvalidArgument", outcome);
    }

    [Fact]
    public async Task A_disposed_client_bulk_raises_NoEntry_and_its_memory_is_left_alone()
    {
        var data = new byte[64];
        var bulk = Client.CreateBulk(data, BulkMode.ReadWrite);
        await bulk.DisposeAsync();

        var pull = await fixture.Rpc("transfer").CallAsync<string>(bulk, BulkOperation.Pull, 0L, 64, 64, BulkMode.ReadWrite).WithDeadline();
        await fixture.Rpc("push").CallAsync<object?>(bulk, 0L, new byte[] { 1, 2, 3 }).ContinueWith(_ => { });

        Assert.Equal("NoEntry", pull);
        Assert.All(data, b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task A_disposed_server_bulk_raises_NoEntry()
    {
        var bulk = await fixture.Rpc("expose_disposed").CallAsync<Bulk>(64).WithDeadline();
        await using var local = Client.CreateBulk(new byte[64], BulkMode.ReadWrite);

        var error = await Assert.ThrowsAsync<MargoException>(() =>
            Client.TransferAsync(BulkOperation.Pull, fixture.ServerAddress, bulk, 0, local, 0, 64).WithDeadline());

        Assert.Equal(MargoErrorCode.NoEntry, error.Code);
    }

    [Fact]
    public async Task A_disposed_local_bulk_raises_NoEntry()
    {
        var remote = await fixture.Rpc("expose").CallAsync<Bulk>(64, BulkMode.ReadWrite).WithDeadline();
        var local = Client.CreateBulk(new byte[64], BulkMode.ReadWrite);
        await local.DisposeAsync();

        var error = await Assert.ThrowsAsync<MargoException>(() =>
            Client.TransferAsync(BulkOperation.Pull, fixture.ServerAddress, remote, 0, local, 0, 64).WithDeadline());

        Assert.Equal(MargoErrorCode.NoEntry, error.Code);
    }

    [Theory]
    [InlineData(BulkMode.ReadOnly, BulkOperation.Push)]
    [InlineData(BulkMode.WriteOnly, BulkOperation.Pull)]
    public async Task A_client_transfer_against_a_server_bulk_whose_mode_forbids_it_raises_Permission(BulkMode mode, BulkOperation operation)
    {
        var remote = await fixture.Rpc("expose").CallAsync<Bulk>(64, mode).WithDeadline();
        await using var local = Client.CreateBulk(new byte[64], BulkMode.ReadWrite);

        var error = await Assert.ThrowsAsync<MargoException>(() =>
            Client.TransferAsync(operation, fixture.ServerAddress, remote, 0, local, 0, 64).WithDeadline());

        Assert.Equal(MargoErrorCode.Permission, error.Code);
    }

    [Fact]
    public async Task A_received_bulk_cannot_be_the_local_side_of_a_transfer()
    {
        var remote = await fixture.Rpc("expose").CallAsync<Bulk>(64, BulkMode.ReadWrite).WithDeadline();
        var other = await fixture.Rpc("expose").CallAsync<Bulk>(64, BulkMode.ReadWrite).WithDeadline();

        var error = await Assert.ThrowsAsync<MargoException>(() =>
            Client.TransferAsync(BulkOperation.Pull, fixture.ServerAddress, remote, 0, other, 0, 64).WithDeadline());

        Assert.Equal(MargoErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public async Task A_zero_byte_transfer_completes_and_changes_nothing()
    {
        var remote = await fixture.Rpc("expose").CallAsync<Bulk>(64, BulkMode.ReadOnly).WithDeadline();
        var data = new byte[8];
        await using var local = Client.CreateBulk(data, BulkMode.WriteOnly);

        await Client.TransferAsync(BulkOperation.Pull, fixture.ServerAddress, remote, 64, local, 8, 0).WithDeadline();

        Assert.All(data, b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task Only_a_holder_of_a_bulks_descriptor_reaches_it_a_guessed_id_raises_NoEntry()
    {
        var remote = await fixture.Rpc("expose").CallAsync<Bulk>(64, BulkMode.ReadWrite).WithDeadline();
        var guessed = new Bulk(remote.Descriptor!.Value with { Id = Guid.NewGuid() }, remote.Endpoint);
        await using var local = Client.CreateBulk(new byte[64], BulkMode.ReadWrite);

        var error = await Assert.ThrowsAsync<MargoException>(() =>
            Client.TransferAsync(BulkOperation.Pull, fixture.ServerAddress, guessed, 0, local, 0, 64).WithDeadline());

        Assert.Equal(MargoErrorCode.NoEntry, error.Code);
    }

    [Fact]
    public async Task The_owner_enforces_its_bulks_mode_whatever_a_descriptor_claims()
    {
        var remote = await fixture.Rpc("expose").CallAsync<Bulk>(64, BulkMode.ReadOnly).WithDeadline();
        var forged = new Bulk(remote.Descriptor!.Value with { Mode = BulkMode.ReadWrite }, remote.Endpoint);
        var data = new byte[64];
        data.AsSpan().Fill(9);
        await using var local = Client.CreateBulk(data, BulkMode.ReadWrite);

        var error = await Assert.ThrowsAsync<MargoException>(() =>
            Client.TransferAsync(BulkOperation.Push, fixture.ServerAddress, forged, 0, local, 0, 64).WithDeadline());

        Assert.Equal(MargoErrorCode.Permission, error.Code);
    }

    [Fact]
    public async Task A_bulk_travels_as_a_small_descriptor_never_as_its_bytes()
    {
        await using var bulk = fixture.Server.CreateBulk(new byte[1 << 20], BulkMode.ReadOnly);
        await using var services = new ServiceCollection().AddSerializer(s => s.AddAssembly(typeof(Bulk).Assembly)).BuildServiceProvider();

        var bytes = services.GetRequiredService<Serializer>().SerializeToArray<object>(bulk);

        Assert.InRange(bytes.Length, 1, 512);
    }
}
