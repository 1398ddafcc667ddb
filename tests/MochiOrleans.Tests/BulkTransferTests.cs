using MochiOrleans.Tests.Infrastructure;

namespace MochiOrleans.Tests;

/// <summary>PyMargo's <c>test_bulk</c>, over TCP: a server engine pulls from and pushes to a client engine's memory.</summary>
[Collection(BulkCollection.Name)]
public class BulkTransferTests(BulkFixture fixture)
{
    private static readonly byte[] Sentence = "This is some bytes data"u8.ToArray();

    [Fact]
    public async Task Creating_a_bulk_exposes_the_buffer_with_its_size_and_mode()
    {
        var data = Sentence.ToArray();
        await using var bulk = fixture.Client.CreateBulk(data, BulkMode.ReadOnly);

        Assert.IsType<Bulk>(bulk);
        Assert.Equal(data.Length, bulk.Size);
        Assert.Equal(BulkMode.ReadOnly, bulk.Mode);
    }

    [Fact]
    public async Task A_server_pulls_the_bytes_of_a_client_engines_bulk_passed_as_a_keyword_argument()
    {
        var data = Sentence.ToArray();
        await using var bulk = fixture.Client.CreateBulk(data, BulkMode.ReadOnly);

        var response = await fixture.Rpc("pull_from_bulk")
            .CallAsync<bool>([], new Dictionary<string, object?> { ["bulk"] = bulk, ["size"] = data.Length })
            .WithDeadline();

        Assert.True(response);
    }

    [Fact]
    public async Task A_server_push_into_a_client_engines_bulk_has_landed_when_the_call_returns()
    {
        var data = Sentence.ToArray();
        await using var bulk = fixture.Client.CreateBulk(data, BulkMode.WriteOnly);

        await fixture.Rpc("push_to_bulk")
            .CallAsync<object?>([], new Dictionary<string, object?> { ["bulk"] = bulk, ["size"] = data.Length })
            .WithDeadline();

        Assert.Equal("This is more bytes data"u8.ToArray(), data);
    }

    [Fact]
    public async Task A_bulk_travels_as_a_positional_argument_too()
    {
        var data = Sentence.ToArray();
        await using var bulk = fixture.Client.CreateBulk(data, BulkMode.ReadOnly);

        var pulled = await fixture.Rpc("pull").CallAsync<byte[]>(bulk, 5L, 4).WithDeadline();

        Assert.Equal("is s"u8.ToArray(), pulled);
    }

    [Fact]
    public async Task A_client_pulls_from_and_pushes_to_a_bulk_a_server_returned()
    {
        var bulk = await fixture.Rpc("expose").CallAsync<Bulk>(1000, BulkMode.ReadWrite).WithDeadline();
        var local = new byte[100];
        await using var localBulk = fixture.Client.CreateBulk(local, BulkMode.ReadWrite);

        await fixture.Client.TransferAsync(BulkOperation.Pull, fixture.ServerAddress, bulk, 500, localBulk, 0, 100).WithDeadline();
        Assert.Equal(Enumerable.Range(500, 100).Select(i => (byte)(i % 251)), local);

        local.AsSpan().Fill(7);
        await fixture.Client.TransferAsync(BulkOperation.Push, fixture.ServerAddress, bulk, 0, localBulk, 0, 100).WithDeadline();
        var back = new byte[100];
        await using var backBulk = fixture.Client.CreateBulk(back, BulkMode.WriteOnly);
        await fixture.Client.TransferAsync(BulkOperation.Pull, fixture.ServerAddress, bulk, 0, backBulk, 0, 100).WithDeadline();

        Assert.All(back, b => Assert.Equal(7, b));
        Assert.Equal(1000, bulk.Size);
        Assert.Equal(BulkMode.ReadWrite, bulk.Mode);
    }

    [Fact]
    public async Task A_transfer_far_above_MaxPayloadBytes_moves_every_byte_in_both_directions()
    {
        var size = (int)(2 * new EngineOptions().MaxPayloadBytes) + 12345;
        var data = new byte[size];
        new Random(14).NextBytes(data);
        await using var bulk = fixture.Client.CreateBulk(data, BulkMode.ReadOnly);

        var checksum = await fixture.Rpc("pull_checksum").CallAsync<ulong>(bulk).WithDeadline();

        Assert.Equal(System.IO.Hashing.XxHash64.HashToUInt64(data), checksum);
    }
}
