using MochiOrleans.Tests.Infrastructure;
using MochiOrleans.Tests.Providers;

namespace MochiOrleans.Tests;

/// <summary>Long transfers: progress, cancellation, timeouts, and what a transfer that fails half way leaves behind.</summary>
[Collection(BulkCollection.Name)]
public class BulkProgressTests(BulkFixture fixture)
{
    private const int Size = 16 * 1024 * 1024;

    private Engine Client => fixture.Client;

    [Fact]
    public async Task Progress_reports_the_bytes_copied_in_order_up_to_the_size()
    {
        var remote = await fixture.Rpc("expose").CallAsync<Bulk>(Size, BulkMode.ReadOnly).WithDeadline();
        var data = new byte[Size];
        await using var local = Client.CreateBulk(data, BulkMode.WriteOnly);
        var reports = new List<long>();

        await Client.TransferAsync(BulkOperation.Pull, fixture.ServerAddress, remote, 0, local, 0, Size, new Reports(reports.Add), timeout: null, CancellationToken.None).WithDeadline();

        Assert.True(reports.Count > 1, $"{reports.Count} reports");
        Assert.Equal(reports.Order(), reports);
        Assert.Equal(Size, reports[^1]);
        Assert.Equal(PatternAt(Size - 1), data[^1]);
    }

    [Fact]
    public async Task A_cancelled_token_stops_a_pull_with_Canceled_and_bytes_past_the_reported_prefix_stay_untouched()
    {
        var remote = await fixture.Rpc("expose").CallAsync<Bulk>(Size, BulkMode.ReadOnly).WithDeadline();
        var data = new byte[Size + 100];
        data.AsSpan().Fill(0xEE);
        await using var local = Client.CreateBulk(data, BulkMode.WriteOnly);
        using var cancel = new CancellationTokenSource();
        long reported = 0;

        var error = await Assert.ThrowsAsync<MargoException>(() => Client.TransferAsync(
            BulkOperation.Pull, fixture.ServerAddress, remote, 0, local, 50, Size, new Reports(done =>
            {
                reported = done;
                cancel.Cancel();
            }), timeout: null, cancel.Token).WithDeadline());

        Assert.Equal(MargoErrorCode.Canceled, error.Code);
        Assert.InRange(reported, 1, Size - 1);
        Assert.True(data.AsSpan(0, 50).IndexOfAnyExcept((byte)0xEE) < 0, "bytes before the range were touched");
        Assert.Equal(PatternAt(0), data[50]);
        Assert.Equal(PatternAt(reported - 1), data[50 + reported - 1]);
        Assert.True(data.AsSpan((int)(50 + reported)).IndexOfAnyExcept((byte)0xEE) < 0, "bytes past the reported prefix were touched");
    }

    [Fact]
    public async Task A_token_cancelled_before_the_transfer_raises_Canceled_and_writes_nothing()
    {
        var remote = await fixture.Rpc("expose").CallAsync<Bulk>(64, BulkMode.ReadOnly).WithDeadline();
        var data = new byte[64];
        await using var local = Client.CreateBulk(data, BulkMode.WriteOnly);

        var error = await Assert.ThrowsAsync<MargoException>(() => Client.TransferAsync(
            BulkOperation.Pull, fixture.ServerAddress, remote, 0, local, 0, 64, new CancellationToken(canceled: true)).WithDeadline());

        Assert.Equal(MargoErrorCode.Canceled, error.Code);
        Assert.All(data, b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task A_transfer_past_its_timeout_raises_Timeout()
    {
        var remote = await fixture.Rpc("expose").CallAsync<Bulk>(Size, BulkMode.ReadOnly).WithDeadline();
        await using var local = Client.CreateBulk(new byte[Size], BulkMode.WriteOnly);

        // The first chunk's report outlasts the whole transfer's timeout tenfold: the next chunk finds it expired.
        var error = await Assert.ThrowsAsync<MargoException>(() => Client.TransferAsync(
            BulkOperation.Pull, fixture.ServerAddress, remote, 0, local, 0, Size,
            new Reports(_ => Thread.Sleep(TimeSpan.FromSeconds(2))), TimeSpan.FromMilliseconds(200), CancellationToken.None).WithDeadline());

        Assert.Equal(MargoErrorCode.Timeout, error.Code);
    }

    [Fact]
    public async Task A_server_pulling_from_a_client_engine_finalized_mid_transfer_gets_Unreachable_and_keeps_only_the_reported_prefix()
    {
        var owner = await Engine.StartAsync("tcp", EngineMode.Client).WithDeadline();
        await using var ownerScope = owner;
        var address = await owner.LookupAsync(fixture.Server.Address.ToString()).WithDeadline();
        var data = new byte[64 * 1024 * 1024];
        var bulk = owner.CreateBulk(data, BulkMode.ReadOnly);
        using var firstChunk = new ManualResetEventSlim();
        using var ownerGone = new ManualResetEventSlim();
        var provider = fixture.Provider;
        provider.PullOutcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.OnPullProgress = _ =>
        {
            if (!firstChunk.IsSet)
            {
                firstChunk.Set();
                ownerGone.Wait(Deadline.Default);
            }
        };
        try
        {
            await owner.Register("bulk_pull_and_report", disableResponse: true).On(address, BulkFixture.ProviderId).CallAsync(bulk).WithDeadline();
            Assert.True(firstChunk.Wait(Deadline.Default), "the transfer never started");
            await owner.DisposeAsync().WithDeadline();
            ownerGone.Set();

            var outcome = await provider.PullOutcome.Task.WithDeadline(TimeSpan.FromSeconds(90));

            Assert.Equal(MargoErrorCode.Unreachable, outcome);
            Assert.InRange(provider.PulledPrefix, 1, data.Length - 1);
            Assert.True(provider.UntouchedAfterPrefix);
        }
        finally
        {
            ownerGone.Set();
            provider.OnPullProgress = null;
        }
    }

    [Fact]
    public async Task A_client_pulling_from_a_server_engine_finalized_mid_transfer_gets_Unreachable_and_keeps_only_the_reported_prefix()
    {
        var owner = await Engine.StartAsync("tcp").WithDeadline();
        await using var ownerScope = owner;
        await owner.RegisterProviderAsync(new BulkProvider(owner), BulkFixture.ProviderId).WithDeadline();
        var address = await Client.LookupAsync(owner.Address.ToString()).WithDeadline();
        var remote = await Client.Register("bulk_expose").On(address, BulkFixture.ProviderId).CallAsync<Bulk>(4 * Size, BulkMode.ReadOnly).WithDeadline();
        var data = new byte[4 * Size];
        data.AsSpan().Fill(0xEE);
        await using var local = Client.CreateBulk(data, BulkMode.WriteOnly);
        using var ownerGone = new ManualResetEventSlim();
        long reported = 0;

        var error = await Assert.ThrowsAsync<MargoException>(() => Client.TransferAsync(
            BulkOperation.Pull, address, remote, 0, local, 0, data.Length, new Reports(done =>
            {
                if (reported == 0)
                {
                    _ = owner.DisposeAsync().AsTask().ContinueWith(_ => ownerGone.Set(), TaskScheduler.Default);
                    ownerGone.Wait(Deadline.Default);
                }

                reported = done;
            }), timeout: null, CancellationToken.None).WithDeadline(TimeSpan.FromSeconds(90)));

        Assert.Equal(MargoErrorCode.Unreachable, error.Code);
        Assert.InRange(reported, 1, data.Length - 1);
        Assert.True(data.AsSpan((int)reported).IndexOfAnyExcept((byte)0xEE) < 0, "bytes past the reported prefix were touched");
    }

    private static byte PatternAt(long offset) => (byte)(offset % 251);

    private sealed class Reports(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
