using Orleans.TestingHost;

namespace MochiOrleans.Tests.Infrastructure;

/// <summary>
/// A one-silo TestCluster with MochiOrleans whose connections are real TCP sockets (TestCluster's default transport is
/// in memory), for tests that need a client from outside: anyone who can reach the gateway port.
/// </summary>
public sealed class TcpClusterFixture : EngineClusterFixture
{
    protected override Task<TestCluster> DeployAsync() =>
        MochiTestCluster.DeployAsync<SiloConfigurator, MochiTestCluster.ClientConfigurator>(
            1, options => options.ConnectionTransport = ConnectionTransportType.TcpSocket);

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.AddMochi();
    }
}
