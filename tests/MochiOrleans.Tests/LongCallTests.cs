using Microsoft.Extensions.DependencyInjection;
using MochiOrleans.Tests.Infrastructure;
using MochiOrleans.Tests.Providers;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace MochiOrleans.Tests;

/// <summary>
/// A call's own timeout is what ends it, not Orleans' response timeout: here Orleans is configured to give up after
/// <see cref="ShortResponseTimeoutCluster.OrleansResponseTimeout"/> on every silo and on the client.
/// </summary>
public class LongCallTests(ShortResponseTimeoutCluster fixture) : IClassFixture<ShortResponseTimeoutCluster>
{
    private static readonly TimeSpan LongerThanOrleans = ShortResponseTimeoutCluster.OrleansResponseTimeout * 3;

    [Fact]
    public async Task A_call_timeout_longer_than_the_orleans_response_timeout_is_honoured_from_a_cluster_client()
    {
        var sleep = await RegisterSleepOnSecondaryAsync();
        await using var client = Engine.FromClusterClient(fixture.Cluster.Client);
        var address = await client.LookupAsync(fixture.EngineOf(fixture.Cluster.SecondarySilos[0]).Address.ToString()).WithDeadline();

        var slept = await client.Register(sleep.Name).On(address, sleep.ProviderId)
            .CallAsync<int>([(int)LongerThanOrleans.TotalMilliseconds], null, timeout: TimeSpan.FromMinutes(2))
            .WithDeadline(TimeSpan.FromMinutes(2));

        Assert.Equal((int)LongerThanOrleans.TotalMilliseconds, slept);
    }

    [Fact]
    public async Task A_call_timeout_longer_than_the_orleans_response_timeout_is_honoured_between_silos()
    {
        var sleep = await RegisterSleepOnSecondaryAsync();
        var primary = fixture.EngineOf(fixture.Cluster.Primary!);
        var address = await primary.LookupAsync(fixture.EngineOf(fixture.Cluster.SecondarySilos[0]).Address.ToString()).WithDeadline();

        var slept = await primary.Register(sleep.Name).On(address, sleep.ProviderId)
            .CallAsync<int>([(int)LongerThanOrleans.TotalMilliseconds], null, timeout: TimeSpan.FromMinutes(2))
            .WithDeadline(TimeSpan.FromMinutes(2));

        Assert.Equal((int)LongerThanOrleans.TotalMilliseconds, slept);
    }

    [Fact]
    public async Task Without_a_timeout_a_call_ends_at_the_configured_orleans_response_timeout_with_Timeout_and_cancels_the_handler()
    {
        var provider = new ControlledProvider();
        var id = fixture.NextProviderId();
        var secondary = fixture.EngineOf(fixture.Cluster.SecondarySilos[0]);
        await secondary.RegisterProviderAsync(provider, id).WithDeadline();
        await using var client = Engine.FromClusterClient(fixture.Cluster.Client);
        var address = await client.LookupAsync(secondary.Address.ToString()).WithDeadline();

        var error = await Assert.ThrowsAsync<MargoException>(
            () => client.Register("controlled_wait_forever").On(address, id).CallAsync<string>().WithDeadline());

        Assert.Equal(MargoErrorCode.Timeout, error.Code);
        await provider.Cancelled.Task.WithDeadline();
    }

    private async Task<(string Name, ushort ProviderId)> RegisterSleepOnSecondaryAsync()
    {
        var id = fixture.NextProviderId();
        var secondary = fixture.EngineOf(fixture.Cluster.SecondarySilos[0]);
        var function = await Task.Run(() => secondary.Register(
            "long_sleep",
            async (int milliseconds, CancellationToken cancellationToken) =>
            {
                await Task.Delay(milliseconds, cancellationToken);
                return milliseconds;
            },
            id)).WithDeadline();
        return (function.Name, id);
    }
}

/// <summary>A two-silo TestCluster whose silos and client use a short Orleans response timeout.</summary>
public sealed class ShortResponseTimeoutCluster : IAsyncLifetime
{
    public static readonly TimeSpan OrleansResponseTimeout = TimeSpan.FromSeconds(2);

    private int _nextProviderId = 3000;

    public TestCluster Cluster { get; private set; } = null!;

    public ushort NextProviderId() => (ushort)Interlocked.Increment(ref _nextProviderId);

    public Engine EngineOf(SiloHandle silo) => Cluster.EngineOf(silo);

    public async Task InitializeAsync() => Cluster = await MochiTestCluster.DeployAsync<SiloConfigurator, ClientConfigurator>(2);

    public Task DisposeAsync() => Cluster.StopAndDisposeAsync();

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder
            .Configure<SiloMessagingOptions>(o => o.ResponseTimeout = OrleansResponseTimeout)
            .AddMochi();
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder) => clientBuilder
            .Configure<ClientMessagingOptions>(o => o.ResponseTimeout = OrleansResponseTimeout)
            .AddMochi();
    }
}
