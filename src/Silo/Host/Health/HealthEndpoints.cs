using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MochiOrleans.Silo.Host.Health;

/// <summary>
/// The HTTP endpoints Kubernetes probes call, served on <c>Mochi:Host:HealthPort</c>: liveness says the silo's own
/// loops still run (restart it if not); readiness says it is an active cluster member whose engine accepts RPCs
/// (route clients to it).
/// </summary>
internal static class HealthEndpoints
{
    /// <summary>The liveness path.</summary>
    public const string LivePath = "/healthz/live";

    /// <summary>The readiness path.</summary>
    public const string ReadyPath = "/healthz/ready";

    private const string LiveTag = "live";
    private const string ReadyTag = "ready";

    public static IServiceCollection AddSiloHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<SiloLivenessCheck>("silo-liveness", tags: [LiveTag])
            .AddCheck<SiloReadinessCheck>("silo-readiness", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapSiloHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) });
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return endpoints;
    }
}
