using MochiOrleans.Cluster.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MochiOrleans.Cluster.Tests;

/// <summary>
/// Two silo processes of the host, Redis membership, the environment of deploy/k8s/silo.env, and a client that finds
/// the gateways in Redis: what a caller sees when a silo dies or stops.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisClusterProcessTests(RedisServer redis, ITestOutputHelper output)
{
    private const ushort EchoId = 1;
    private const ushort NodeAId = TwoSiloCluster.NodeAId;
    private const ushort NodeBId = TwoSiloCluster.NodeBId;

    // Bounds every call, so that a call stalled on a dead gateway ends and the test moves on.
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Calls_to_a_virtual_provider_succeed_again_after_the_silo_serving_it_is_killed()
    {
        await using var cluster = await TwoSiloCluster.StartAsync(redis.ConnectionString);
        var (a, b) = (cluster.A, cluster.B);
        var whereAmI = cluster.Rpc("echo_where_am_i", EchoId);

        var servedBy = await CallAsync(whereAmI);
        var (victim, survivor, victimNode) = servedBy == a.EngineAddress ? (a, b, NodeAId) : (b, a, NodeBId);
        Assert.Equal(victim.EngineAddress, servedBy);

        await victim.KillAsync();

        // Every failure on the way is a MargoException (anything else fails the test); the provider comes back.
        var failures = new List<MargoErrorCode>();
        string? servedAfter = null;
        await Deadline.UntilAsync(
            async () =>
            {
                try
                {
                    servedAfter = await CallAsync(whereAmI);
                    return true;
                }
                catch (MargoException e)
                {
                    failures.Add(e.Code);
                    return false;
                }
            },
            "the virtual provider answered again",
            TimeSpan.FromSeconds(90));
        output.WriteLine($"Failed calls before the provider answered again: {string.Join(", ", failures)}");
        Assert.Equal(survivor.EngineAddress, servedAfter);
        Assert.All(failures, code => Assert.Contains(code, new[] { MargoErrorCode.Unreachable, MargoErrorCode.Timeout }));

        // The dead silo's instance provider is reported gone, not hung; the survivor's still answers.
        var deadNode = cluster.Rpc("node_describe", victimNode);
        var deadCode = await Assert.ThrowsAsync<MargoException>(() => CallAsync(deadNode));
        Assert.Contains(deadCode.Code, new[] { MargoErrorCode.Unreachable, MargoErrorCode.NoEntry });
        var survivorNode = cluster.Rpc("node_describe", victimNode == NodeAId ? NodeBId : NodeAId);
        Assert.StartsWith(survivor.Name + "@", await CallAsync(survivorNode));
    }

    [Fact]
    public async Task A_silo_stopped_by_SIGTERM_runs_its_finalize_hooks_and_exits_while_the_other_keeps_serving()
    {
        await using var cluster = await TwoSiloCluster.StartAsync(redis.ConnectionString);
        var (a, b) = (cluster.A, cluster.B);
        var nodeA = cluster.Rpc("node_describe", NodeAId);
        var nodeB = cluster.Rpc("node_describe", NodeBId);
        var echo = cluster.Rpc("echo_echo", EchoId);
        Assert.StartsWith("silo-a@", await CallAsync(nodeA));

        // Calls to silo-b's provider go on while silo-a stops.
        using var stopCalling = new CancellationTokenSource();
        var outcomes = new List<string>();
        var calling = Task.Run(async () =>
        {
            while (!stopCalling.IsCancellationRequested)
            {
                try
                {
                    outcomes.Add(await CallAsync(nodeB));
                }
                catch (MargoException e)
                {
                    outcomes.Add(e.Code.ToString());
                }

                await Task.Delay(20, CancellationToken.None);
            }
        });

        await a.TerminateAsync();
        Assert.Equal(0, await a.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        await stopCalling.CancelAsync();
        await calling.WithDeadline();
        output.WriteLine($"Calls to silo-b during the stop of silo-a: {string.Join(", ", outcomes.GroupBy(o => o).Select(g => $"{g.Key} x{g.Count()}"))}");

        Assert.Contains(a.Lines, l => l.Contains("Provider node silo-a prefinalized.", StringComparison.Ordinal));
        Assert.Contains(a.Lines, l => l.Contains("Provider node silo-a finalized.", StringComparison.Ordinal));
        Assert.Contains(a.Lines, l => l.Contains($"Engine {a.EngineAddress} has finalized.", StringComparison.Ordinal));
        Assert.DoesNotContain(b.Lines, l => l.Contains("Provider node silo-b finalized.", StringComparison.Ordinal));
        Assert.NotEmpty(outcomes);
        Assert.All(outcomes, o => Assert.StartsWith("silo-b@", o));
        Assert.Equal("still here", await CallAsync(echo, "still here"));
        var gone = await Assert.ThrowsAsync<MargoException>(() => CallAsync(nodeA));
        Assert.Contains(gone.Code, new[] { MargoErrorCode.Unreachable, MargoErrorCode.NoEntry });
    }

    private static Task<string> CallAsync(CallableRemoteFunction function, params object?[] args) =>
        function.CallAsync<string>(args, kwargs: null, CallTimeout).WithDeadline();
}
