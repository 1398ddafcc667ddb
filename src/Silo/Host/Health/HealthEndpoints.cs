using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace MochiOrleans.Silo.Host.Health;

/// <summary>
/// The HTTP endpoints Kubernetes probes call, served on <c>Mochi:Host:HealthPort</c>: liveness says the silo's own
/// loops still run (restart it if not); readiness says it is an active cluster member whose engine accepts RPCs
/// (route clients to it). The checks are the Silo library's (<see cref="MochiHealthChecksBuilderExtensions.AddMochiEngineChecks"/>).
/// </summary>
internal static class HealthEndpoints
{
    /// <summary>The liveness path.</summary>
    public const string LivePath = "/healthz/live";

    /// <summary>The readiness path.</summary>
    public const string ReadyPath = "/healthz/ready";

    public static IServiceCollection AddSiloHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddMochiEngineChecks();
        return services;
    }

    public static IEndpointRouteBuilder MapSiloHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(MochiHealthChecksBuilderExtensions.LivenessTag) });
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(MochiHealthChecksBuilderExtensions.ReadinessTag) });
        return endpoints;
    }
}
