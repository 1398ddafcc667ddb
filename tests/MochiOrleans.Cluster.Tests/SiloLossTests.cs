using ClusterProviders;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace MochiOrleans.Cluster.Tests;

/// <summary>A three-silo TestCluster that loses its silos one by one: abruptly, then gracefully.</summary>
public sealed class SiloLossTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const ushort FirstEchoId = 1;
    private const ushort SecondEchoId = 2;
    private const ushort NodeId = 100;
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await MochiTestCluster.DeployAsync<SiloConfigurator>(silos: 3);
    }

    public Task DisposeAsync() => _cluster.StopAndDisposeAsync();

    [Fact]
    public async Task Virtual_providers_keep_answering_while_silos_are_lost_one_by_one()
    {
        var (killed, stopped) = (_cluster.SecondarySilos[0], _cluster.SecondarySilos[1]);
        var killedEngine = EngineOf(killed);
        var stoppedEngine = EngineOf(stopped);
        await using var client = Engine.FromClusterClient(_cluster.Client);
        var clientAddress = await client.LookupAsync(EngineOf(_cluster.Primary!).Address.ToString()).WithDeadline();

        // A virtual provider is placed on the silo whose engine calls it first: one on each silo about to go.
        Assert.Equal(killedEngine.Address.ToString(), await WhereAmIAsync(killedEngine, killedEngine.Address, FirstEchoId));
        Assert.Equal(stoppedEngine.Address.ToString(), await WhereAmIAsync(stoppedEngine, stoppedEngine.Address, SecondEchoId));
        await killedEngine.RegisterProviderAsync(new NodeProvider(new ConfigurationBuilder().Build(), NullLogger<NodeProvider>.Instance), NodeId).WithDeadline();
        var node = client.Register("node_describe").On(clientAddress, NodeId);
        Assert.StartsWith("node@", await node.CallAsync<string>([], kwargs: null, CallTimeout).WithDeadline());

        await _cluster.KillSiloAsync(killed).WithDeadline();
        await AnsweredByALiveSiloAsync(client, clientAddress, FirstEchoId, killedEngine);
        await AnsweredByALiveSiloAsync(client, clientAddress, SecondEchoId, killedEngine);

        // The killed silo's instance provider is reported gone, within a bounded call.
        await Deadline.UntilAsync(
            async () =>
            {
                try
                {
                    await node.CallAsync<string>([], kwargs: null, CallTimeout).WithDeadline();
                    return false;
                }
                catch (MargoException e) when (e.Code is MargoErrorCode.Unreachable or MargoErrorCode.NoEntry)
                {
                    return true;
                }
            },
            "the killed silo's instance provider answered Unreachable or NoEntry");

        await _cluster.StopSiloAsync(stopped).WithDeadline(TimeSpan.FromMinutes(1));
        var primary = EngineOf(_cluster.Primary!).Address.ToString();
        Assert.Equal(primary, await AnsweredByALiveSiloAsync(client, clientAddress, FirstEchoId, stoppedEngine));
        Assert.Equal(primary, await AnsweredByALiveSiloAsync(client, clientAddress, SecondEchoId, stoppedEngine));
    }

    private async Task<string> AnsweredByALiveSiloAsync(Engine client, Address address, ushort providerId, Engine lost)
    {
        var failures = new List<MargoErrorCode>();
        string? servedBy = null;
        await Deadline.UntilAsync(
            async () =>
            {
                try
                {
                    servedBy = await WhereAmIAsync(client, address, providerId);
                    return true;
                }
                catch (MargoException e)
                {
                    failures.Add(e.Code);
                    return false;
                }
            },
            $"echo provider {providerId} answered again",
            TimeSpan.FromSeconds(60));
        output.WriteLine($"echo {providerId}: failed calls before it answered again: {string.Join(", ", failures)}");
        Assert.NotEqual(lost.Address.ToString(), servedBy);
        Assert.Contains(servedBy, _cluster.GetActiveSilos().Select(s => EngineOf(s).Address.ToString()));
        return servedBy!;
    }

    private static Task<string> WhereAmIAsync(Engine engine, Address address, ushort providerId) =>
        engine.Register("echo_where_am_i").On(address, providerId).CallAsync<string>([], kwargs: null, CallTimeout).WithDeadline();

    private Engine EngineOf(SiloHandle silo) => _cluster.EngineOf(silo);

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder
            .Configure<ClusterMembershipOptions>(o => o.ProbeTimeout = TimeSpan.FromSeconds(2))
            .AddMochi(mochi => mochi
                .AddProvider<EchoProvider>(FirstEchoId)
                .AddProvider<EchoProvider>(SecondEchoId));
    }
}
