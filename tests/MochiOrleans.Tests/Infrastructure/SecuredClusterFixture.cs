using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MochiOrleans.Internal;
using Orleans.TestingHost;

namespace MochiOrleans.Tests.Infrastructure;

/// <summary>
/// A two-silo TestCluster whose silos require <see cref="AccessToken"/> (and <see cref="AdminToken"/> for remote
/// shutdown), shared by the tests of <see cref="SecuredClusterCollection"/>. Its TestCluster client is a plain Orleans
/// client that presents both tokens, so that what it is refused is refused by the control plane alone.
/// </summary>
public sealed class SecuredClusterFixture : IAsyncLifetime
{
    public const string AccessToken = "access-7c1e0f3b";

    public const string AdminToken = "admin-52d9a8e4";

    private int _nextProviderId = 3000;

    public TestCluster Cluster { get; private set; } = null!;

    public Engine PrimaryEngine => Cluster.EngineOf(Cluster.Primary!);

    public Engine SecondaryEngine => Cluster.EngineOf(Cluster.SecondarySilos[0]);

    public ushort NextProviderId() => (ushort)Interlocked.Increment(ref _nextProviderId);

    public T SiloService<T>(SiloHandle silo)
        where T : notnull => Cluster.GetSiloServiceProvider(silo.SiloAddress).GetRequiredService<T>();

    /// <summary>The gateway endpoint of the primary silo, for clients of its own.</summary>
    public async Task<IPEndPoint> GatewayAsync() =>
        (await EngineAddressFormat.ResolveEndpointAsync(PrimaryEngine.Address.ToString(), CancellationToken.None).WithDeadline())!;

    /// <summary>A separate Orleans client with MochiOrleans presenting the given tokens (none when <see langword="null"/>).</summary>
    public async Task<OrleansClientHost> ClientAsync(string? accessToken, string? adminToken = null) =>
        await OrleansClientHost.StartAsync(
            await GatewayAsync(),
            Cluster.Options.ClusterId,
            Cluster.Options.ServiceId,
            client => client.AddMochi().Services.Configure<EngineOptions>(o =>
            {
                o.AccessToken = accessToken;
                o.AdminToken = adminToken;
            })).WithDeadline();

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(2);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        Cluster = builder.Build();
        try
        {
            await Cluster.DeployAsync().WithDeadline(TimeSpan.FromMinutes(2));
        }
        catch
        {
            await Cluster.DisposeAsync().WithDeadline(TimeSpan.FromMinutes(2));
            throw;
        }
    }

    public Task DisposeAsync() => Cluster.StopAndDisposeAsync();

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
