using System.Diagnostics;
using System.IO.Hashing;
using MochiOrleans.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MochiOrleans.Tests;

/// <summary>Bulk transfers far beyond one message: a 1 GiB pull in bounded memory, and many clients at once.</summary>
[Collection(BulkCollection.Name)]
public class BulkScaleTests(BulkFixture fixture, ITestOutputHelper output)
{
    private const long OneGiB = 1L << 30;

    [Fact]
    public async Task A_server_pulls_1_GiB_from_a_client_engine_holding_little_more_than_the_two_buffers()
    {
        var data = GC.AllocateUninitializedArray<byte>((int)OneGiB);
        for (var i = 0; i < data.Length; i += 4096)
        {
            data[i] = (byte)(i >> 12);   // touches every page, so that the baseline counts this buffer
        }

        var expected = XxHash64.HashToUInt64(data);
        await using var bulk = fixture.Client.CreateBulk(data, BulkMode.ReadOnly);
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.WorkingSet64;

        var checksum = await fixture.Rpc("pull_checksum").CallAsync<ulong>(
            [bulk], kwargs: null, timeout: TimeSpan.FromMinutes(5)).WithDeadline(TimeSpan.FromMinutes(5));
        process.Refresh();
        var overhead = process.PeakWorkingSet64 - before - OneGiB;

        output.WriteLine($"1 GiB pull: {overhead >> 20} MiB peak working set beyond the two buffers");
        Assert.Equal(expected, checksum);

        // The server's 1 GiB buffer is the only other large allocation: a transfer that held the bytes as messages would
        // need at least one more copy of the whole gigabyte (Orleans would also refuse a message that large).
        Assert.True(overhead < 384L << 20, $"the transfer held {overhead >> 20} MiB beyond the two buffers");
    }

    [Fact]
    public async Task Sixteen_client_engines_transfer_at_once_each_getting_its_own_bytes()
    {
        const int Clients = 16;
        const int Size = 3 * 1024 * 1024 + 7;
        var engines = new List<Engine>();
        try
        {
            for (var i = 0; i < Clients; i++)
            {
                engines.Add(await Engine.StartAsync("tcp", EngineMode.Client).WithDeadline());
            }

            var outcomes = await Task.WhenAll(engines.Select(async (engine, i) =>
            {
                var data = new byte[Size];
                new Random(i).NextBytes(data);
                await using var bulk = engine.CreateBulk(data, BulkMode.ReadWrite);
                var address = await engine.LookupAsync(fixture.Server.Address.ToString());
                var pulled = await fixture.Rpc(engine, "pull_checksum").CallAsync<ulong>([bulk], null, TimeSpan.FromMinutes(2));
                var stamp = new byte[] { (byte)i, (byte)(i + 1), (byte)(i + 2) };
                await engine.Register("bulk_push").On(address, BulkFixture.ProviderId).CallAsync<object?>(bulk, (long)(Size - 3), stamp);
                return (Pulled: pulled, Data: data, Stamp: stamp);
            })).WithDeadline(TimeSpan.FromMinutes(3));

            for (var i = 0; i < Clients; i++)
            {
                Assert.True(outcomes[i].Data.AsSpan(0, Size - 3).SequenceEqual(RandomBytes(i, Size).AsSpan(0, Size - 3)), $"client {i}'s untouched bytes changed");
                Assert.Equal(XxHash64.HashToUInt64(RandomBytes(i, Size)), outcomes[i].Pulled);
                Assert.Equal(outcomes[i].Stamp, outcomes[i].Data[^3..]);
            }
        }
        finally
        {
            foreach (var engine in engines)
            {
                await engine.DisposeAsync().WithDeadline();
            }
        }
    }

    private static byte[] RandomBytes(int seed, int size)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }
}
