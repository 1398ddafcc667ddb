using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace MochiOrleans.Testing;

/// <summary>
/// An in-process Orleans <see cref="TestCluster"/> whose silos a test configures and whose client has MochiOrleans
/// (the public <c>AddMochi</c> client extension), deployed and stopped within deadlines.
/// </summary>
public static class MochiTestCluster
{
    private static readonly TimeSpan StartAndStopDeadline = TimeSpan.FromMinutes(2);

    /// <summary>Deploys <paramref name="silos"/> silos configured by <typeparamref name="TSiloConfigurator"/>.</summary>
    public static Task<TestCluster> DeployAsync<TSiloConfigurator>(short silos)
        where TSiloConfigurator : ISiloConfigurator, new() =>
        DeployAsync<TSiloConfigurator, ClientConfigurator>(silos);

    /// <summary>
    /// Deploys <paramref name="silos"/> silos configured by <typeparamref name="TSiloConfigurator"/> and a client
    /// configured by <typeparamref name="TClientConfigurator"/>; <paramref name="options"/> adjusts the cluster (its
    /// transport, for one).
    /// </summary>
    public static async Task<TestCluster> DeployAsync<TSiloConfigurator, TClientConfigurator>(short silos, Action<TestClusterOptions>? options = null)
        where TSiloConfigurator : ISiloConfigurator, new()
        where TClientConfigurator : IClientBuilderConfigurator, new()
    {
        var builder = new TestClusterBuilder(silos);
        options?.Invoke(builder.Options);
        builder.AddSiloBuilderConfigurator<TSiloConfigurator>();
        builder.AddClientBuilderConfigurator<TClientConfigurator>();
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync().WithDeadline(StartAndStopDeadline);
        }
        catch
        {
            await cluster.DisposeAsync().WithDeadline(StartAndStopDeadline);
            throw;
        }

        return cluster;
    }

    /// <summary>Stops every silo that still runs, then releases the cluster and its client.</summary>
    public static async Task StopAndDisposeAsync(this TestCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        try
        {
            await cluster.StopAllSilosAsync().WithDeadline(StartAndStopDeadline);
        }
        finally
        {
            await cluster.DisposeAsync().WithDeadline(StartAndStopDeadline);
        }
    }

    /// <summary>The engine of <paramref name="silo"/>, the one its <c>AddMochi</c> registered.</summary>
    public static Engine EngineOf(this TestCluster cluster, SiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(silo);
        return cluster.GetSiloServiceProvider(silo.SiloAddress).GetRequiredService<Engine>();
    }

    /// <summary>MochiOrleans on the cluster's client: its <see cref="Engine"/> is in the client's services.</summary>
    public sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        /// <inheritdoc/>
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) => clientBuilder.AddMochi();
    }
}
