using System.Diagnostics.Metrics;
using MochiOrleans.Silo.Host.Dashboard;

namespace MochiOrleans.Cluster.Tests;

/// <summary>
/// The tallies behind the dashboard's per-RPC page, fed by the <c>MochiOrleans</c> meter's histograms. Other tests of
/// this process call RPCs too, so each test records under RPC names of its own.
/// </summary>
public sealed class RpcStatisticsTests
{
    [Fact]
    public async Task Calls_failures_and_duration_bounds_are_tallied_per_rpc_provider_and_side()
    {
        using var statistics = new RpcStatistics(TimeProvider.System);
        await statistics.StartAsync(CancellationToken.None).WithDeadline();
        using var meter = new Meter("MochiOrleans");
        var server = meter.CreateHistogram<double>("mochi.rpc.server.duration", "s");
        var client = meter.CreateHistogram<double>("mochi.rpc.client.duration", "s");
        var rpc = "stats_" + Guid.NewGuid().ToString("N");

        for (var i = 0; i < 98; i++)
        {
            server.Record(0.00005, new("rpc.method", rpc), new("mochi.provider_id", 3));
        }

        for (var i = 0; i < 2; i++)
        {
            server.Record(0.003, new("rpc.method", rpc), new("mochi.provider_id", 3), new("error.type", "RemoteError"));
        }

        client.Record(0.01, new("rpc.method", rpc), new("mochi.provider_id", 3));

        var rows = statistics.Snapshot().Where(r => r.Rpc == rpc).ToList();
        Assert.Equal(["server", "client"], rows.Select(r => r.Side));
        var served = rows[0];
        Assert.Equal((3, 100L, 2L), (served.ProviderId, served.Calls, served.FailedCalls));
        Assert.Equal([new KeyValuePair<string, long>("RemoteError", 2)], served.Failures);
        Assert.Equal(100.0 / RpcStatistics.RecentWindowSeconds, served.RecentRate);
        Assert.Equal((98 * 0.00005 + 2 * 0.003) / 100, served.Mean.TotalSeconds, precision: 6);

        // The median falls in the first bucket (≤ 100 µs); the 99th percentile in the 5 ms one, capped by the longest call.
        Assert.Equal(TimeSpan.FromSeconds(0.0001), served.P50);
        Assert.Equal(TimeSpan.FromSeconds(0.003), served.P99);
        Assert.Equal(TimeSpan.FromSeconds(0.003), served.Max);
        Assert.Equal((1L, 0L), (rows[1].Calls, rows[1].FailedCalls));
    }

    [Fact]
    public async Task Rpc_names_beyond_the_row_limit_are_tallied_together_instead_of_growing_without_bound()
    {
        using var statistics = new RpcStatistics(TimeProvider.System);
        await statistics.StartAsync(CancellationToken.None).WithDeadline();
        using var meter = new Meter("MochiOrleans");
        var server = meter.CreateHistogram<double>("mochi.rpc.server.duration", "s");
        var prefix = "flood_" + Guid.NewGuid().ToString("N") + "_";

        for (var i = 0; i < RpcStatistics.MaxRows + 5; i++)
        {
            server.Record(0.001, new("rpc.method", prefix + i), new("mochi.provider_id", 1));
        }

        var rows = statistics.Snapshot();
        Assert.True(rows.Count <= RpcStatistics.MaxRows + 2, $"{rows.Count} rows");
        var other = Assert.Single(rows, r => r.Rpc == RpcStatistics.OtherRpcs && r.Side == "server");
        Assert.True(other.Calls >= 5, $"{other.Calls} calls in the other row");
    }
}
