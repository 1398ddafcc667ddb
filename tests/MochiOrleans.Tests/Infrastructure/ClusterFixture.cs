using Microsoft.Extensions.DependencyInjection;
using MochiOrleans.Tests.Providers;
using Orleans.TestingHost;

namespace MochiOrleans.Tests.Infrastructure;

/// <summary>
/// A two-silo TestCluster with MochiOrleans on every silo and on the client, shared by the tests of
/// <see cref="ClusterCollection"/>. Tests register providers under ids from <see cref="NextProviderId"/> so that
/// they never collide.
/// </summary>
public sealed class ClusterFixture : EngineClusterFixture
{
    /// <summary>The provider id under which every silo serves the virtual <see cref="CounterProvider"/>.</summary>
    public const ushort VirtualCounterId = 7;

    /// <summary>The provider id under which every silo serves the virtual <see cref="EphemeralProvider"/>.</summary>
    public const ushort VirtualEphemeralId = 8;

    private int _nextProviderId = 1000;

    /// <summary>The engine of the primary silo.</summary>
    public Engine PrimaryEngine => EngineOf(Cluster.Primary!);

    /// <summary>The engine of the secondary silo.</summary>
    public Engine SecondaryEngine => EngineOf(Cluster.SecondarySilos[0]);

    public ushort NextProviderId() => (ushort)Interlocked.Increment(ref _nextProviderId);

    public Engine EngineOf(SiloHandle silo) => Cluster.EngineOf(silo);

    public LifecycleLog LogOf(SiloHandle silo) => Cluster.GetSiloServiceProvider(silo.SiloAddress).GetRequiredService<LifecycleLog>();

    protected override Task<TestCluster> DeployAsync() => MochiTestCluster.DeployAsync<SiloConfigurator>(silos: 2);

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.Services.AddSingleton<LifecycleLog>();
            siloBuilder.AddMochi(mochi => mochi
                .AddProvider<CounterProvider>(VirtualCounterId)
                .AddProvider<EphemeralProvider>(VirtualEphemeralId));
        }
    }
}

/// <summary>Tests that share one two-silo <see cref="ClusterFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
