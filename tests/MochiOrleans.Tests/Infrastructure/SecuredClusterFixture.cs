using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace MochiOrleans.Tests.Infrastructure;

/// <summary>
/// A two-silo TestCluster whose silos require <see cref="AccessToken"/> (and <see cref="AdminToken"/> for remote
/// shutdown), shared by the tests of <see cref="SecuredClusterCollection"/>. Its TestCluster client is a plain Orleans
/// client that presents both tokens, so that what it is refused is refused by the control plane alone.
/// </summary>
public sealed class SecuredClusterFixture : EngineClusterFixture
{
    public const string AccessToken = "access-7c1e0f3b";

    public const string AdminToken = "admin-52d9a8e4";

    private int _nextProviderId = 3000;

    public Engine PrimaryEngine => Cluster.EngineOf(Cluster.Primary!);

    public Engine SecondaryEngine => Cluster.EngineOf(Cluster.SecondarySilos[0]);

    public ushort NextProviderId() => (ushort)Interlocked.Increment(ref _nextProviderId);

    public T SiloService<T>(SiloHandle silo)
        where T : notnull => Cluster.GetSiloServiceProvider(silo.SiloAddress).GetRequiredService<T>();

    protected override Task<TestCluster> DeployAsync() => MochiTestCluster.DeployAsync<SiloConfigurator, ClientConfigurator>(2);

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder.AddMochi().Services.Configure<EngineOptions>(o =>
            {
                o.AccessToken = AccessToken;
                o.AdminToken = AdminToken;
            });
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.AddMochi().Services.Configure<EngineOptions>(o =>
            {
                o.AccessToken = AccessToken;
                o.AdminToken = AdminToken;
            });
    }
}

/// <summary>Tests that share one <see cref="SecuredClusterFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class SecuredClusterCollection : ICollectionFixture<SecuredClusterFixture>
{
    public const string Name = "secured cluster";
}
