using Orleans.TestingHost;

namespace MochiOrleans.Tests.Infrastructure;

/// <summary>
/// A one-silo TestCluster with MochiOrleans whose connections are real TCP sockets (TestCluster's default transport is
/// in memory), for tests that need a client from outside: anyone who can reach the gateway port.
/// </summary>
public sealed class TcpClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    /// <summary>A client-mode engine over the cluster's own client.</summary>
    public Engine ClientEngine { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = await MochiTestCluster.DeployAsync<SiloConfigurator, MochiTestCluster.ClientConfigurator>(
            1, options => options.ConnectionTransport = ConnectionTransportType.TcpSocket);
        ClientEngine = Engine.FromClusterClient(Cluster.Client);
    }

    public async Task DisposeAsync()
    {
        try
        {
            await ClientEngine.DisposeAsync().WithDeadline();
        }
        finally
        {
            await Cluster.StopAndDisposeAsync();
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.AddMochi();
    }
}
