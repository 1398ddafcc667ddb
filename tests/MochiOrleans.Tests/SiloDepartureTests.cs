using Microsoft.Extensions.DependencyInjection;
using MochiOrleans.Tests.Infrastructure;
using MochiOrleans.Tests.Providers;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace MochiOrleans.Tests;

/// <summary>A silo dies under calls in flight to its instance providers.</summary>
public sealed class SiloDepartureTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await MochiTestCluster.DeployAsync<SiloConfigurator>(2);

    public Task DisposeAsync() => _cluster.StopAndDisposeAsync();

    [Fact]
    public async Task Calls_in_flight_to_an_instance_provider_end_with_Unreachable_once_its_silo_is_declared_dead()
    {
        var doomed = _cluster.SecondarySilos[0];
        var doomedEngine = EngineOf(doomed);
        var fromClient = new ControlledProvider();
        var fromSilo = new ControlledProvider();
        await doomedEngine.RegisterProviderAsync(fromClient, providerId: 1).WithDeadline();
        await doomedEngine.RegisterProviderAsync(fromSilo, providerId: 2).WithDeadline();
        await using var client = Engine.FromClusterClient(_cluster.Client);
        var primary = EngineOf(_cluster.Primary!);
        var clientCall = client.Register("controlled_wait_forever")
            .On(await client.LookupAsync(primary.Address.ToString()).WithDeadline(), 1)
            .CallAsync<string>([], null, timeout: TimeSpan.FromMinutes(10));
        var siloCall = primary.Register("controlled_wait_forever")
            .On(await primary.LookupAsync(primary.Address.ToString()).WithDeadline(), 2)
            .CallAsync<string>([], null, timeout: TimeSpan.FromMinutes(10));
        await Task.WhenAll(fromClient.Started.Task, fromSilo.Started.Task).WithDeadline();

        await _cluster.KillSiloAsync(doomed).WithDeadline();

        var clientError = await Assert.ThrowsAsync<MargoException>(() => clientCall.WithDeadline(TimeSpan.FromSeconds(90)));
        var siloError = await Assert.ThrowsAsync<MargoException>(() => siloCall.WithDeadline(TimeSpan.FromSeconds(90)));
        Assert.Equal(MargoErrorCode.Unreachable, clientError.Code);
        Assert.Equal(MargoErrorCode.Unreachable, siloError.Code);
        Assert.Equal(("controlled_wait_forever", (ushort?)1), (clientError.RpcName, clientError.ProviderId));
    }

    private Engine EngineOf(SiloHandle silo) => _cluster.EngineOf(silo);

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder
            .Configure<ClusterMembershipOptions>(o => o.ProbeTimeout = TimeSpan.FromSeconds(2))
            .AddMochi();
    }
}
