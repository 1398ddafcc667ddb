using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace MochiOrleans.Internal.Health;

/// <summary>
/// Alive unless the cluster has declared this silo dead or one of Orleans' own health participants (membership
/// heartbeats, probes) reports that its periodic work stopped running: then only a restart helps.
/// </summary>
internal sealed class SiloLivenessCheck(ISiloStatusOracle membership, IEnumerable<IHealthCheckParticipant> participants) : IHealthCheck
{
    private readonly IHealthCheckParticipant[] _participants = [.. participants];

    // A singleton, so that each participant is asked about the time since the previous probe; probes may overlap.
    private long _lastCheckTicks = DateTime.UtcNow.Ticks;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (membership.CurrentStatus == SiloStatus.Dead)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The cluster declared this silo dead."));
        }

        var since = new DateTime(Interlocked.Exchange(ref _lastCheckTicks, DateTime.UtcNow.Ticks), DateTimeKind.Utc);
        var complaints = new List<string>();
        foreach (var participant in _participants)
        {
            if (!participant.CheckHealth(since, out var reason))
            {
                complaints.Add(reason);
            }
        }

        return Task.FromResult(complaints.Count == 0
            ? HealthCheckResult.Healthy($"Silo {membership.CurrentStatus}.")
            : HealthCheckResult.Unhealthy(string.Join(" ", complaints)));
    }
}
