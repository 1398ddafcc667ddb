using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.TestingHost;

namespace MochiOrleans.Tests;

/// <summary>The health checks a silo gets from <c>AddMochiEngineChecks</c>, as a probe would see them.</summary>
public class MochiHealthCheckTests
{
    [Fact]
    public async Task A_serving_silo_is_live_and_ready_and_turns_unready_once_its_engine_finalizes()
    {
        var cluster = await MochiTestCluster.DeployAsync<SiloConfigurator>(1);
        try
        {
            var health = cluster.GetSiloServiceProvider(cluster.Primary!.SiloAddress).GetRequiredService<HealthCheckService>();

            var serving = await health.CheckHealthAsync().WithDeadline();
            var live = await health.CheckHealthAsync(c => c.Tags.Contains(MochiHealthChecksBuilderExtensions.LivenessTag)).WithDeadline();
            await cluster.EngineOf(cluster.Primary).FinalizeAsync().WithDeadline();
            var finalized = await health.CheckHealthAsync(c => c.Tags.Contains(MochiHealthChecksBuilderExtensions.ReadinessTag)).WithDeadline();

            Assert.True(serving.Status == HealthStatus.Healthy, Describe(serving));
            Assert.Equal(
                [MochiHealthChecksBuilderExtensions.ReadinessCheckName, MochiHealthChecksBuilderExtensions.LivenessCheckName],
                serving.Entries.Keys.Order(StringComparer.Ordinal));
            Assert.Equal([MochiHealthChecksBuilderExtensions.LivenessCheckName], live.Entries.Keys);
            Assert.True(finalized.Status == HealthStatus.Unhealthy, Describe(finalized));
            Assert.Contains("not listening", finalized.Entries[MochiHealthChecksBuilderExtensions.ReadinessCheckName].Description, StringComparison.Ordinal);
        }
        finally
        {
            await cluster.StopAndDisposeAsync();
        }
    }

    private static string Describe(HealthReport report) =>
        string.Join("; ", report.Entries.Select(e => $"{e.Key}: {e.Value.Status} {e.Value.Description}"));

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddMochi();
            siloBuilder.Services.AddHealthChecks().AddMochiEngineChecks();
        }
    }
}
