using Orleans.TestingHost;

namespace MochiOrleans.Tests.Infrastructure;

/// <summary>
/// A TestCluster deployed once for a collection, with a client-mode engine over the cluster's own client; stops both
/// within deadlines. Each fixture says only how its cluster is deployed.
/// </summary>
public abstract class EngineClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    /// <summary>A client-mode engine over the cluster's client.</summary>
    public Engine ClientEngine { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = await DeployAsync();
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

    /// <summary>Deploys the cluster (see <c>MochiTestCluster.DeployAsync</c>).</summary>
    protected abstract Task<TestCluster> DeployAsync();
}
