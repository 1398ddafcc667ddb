using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace MochiOrleans.Internal.Health;

/// <summary>
/// Ready while the silo is an active member of the cluster and its engine accepts RPCs. A silo that starts finalizing
/// turns unready at once, so that Kubernetes stops routing new clients to it while it drains.
/// </summary>
internal sealed class SiloReadinessCheck(ISiloStatusOracle membership, Engine engine) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentStatus;
        var result = status == SiloStatus.Active && engine.Listening
            ? HealthCheckResult.Healthy($"Silo active; engine {engine.Address} listening.")
            : HealthCheckResult.Unhealthy($"Silo {status}; engine {(engine.Listening ? "listening" : "not listening")}.");
        return Task.FromResult(result);
    }
}
