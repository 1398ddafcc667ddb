using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MochiOrleans.Internal.Health;

namespace MochiOrleans;

/// <summary>Adds the health checks of a MochiOrleans silo to ASP.NET Core / Generic Host health checks.</summary>
public static class MochiHealthChecksBuilderExtensions
{
    /// <summary>The tag of the liveness check: filter on it for a liveness probe (restart the silo if it fails).</summary>
    public const string LivenessTag = "live";

    /// <summary>The tag of the readiness check: filter on it for a readiness probe (route clients to the silo).</summary>
    public const string ReadinessTag = "ready";

    /// <summary>The name of the liveness check.</summary>
    public const string LivenessCheckName = "mochi-silo-liveness";

    /// <summary>The name of the readiness check.</summary>
    public const string ReadinessCheckName = "mochi-engine-readiness";

    /// <summary>
    /// Adds the checks of a silo configured with <c>AddMochi</c>: liveness (tagged <see cref="LivenessTag"/>) is
    /// Unhealthy once the cluster declared the silo dead or one of Orleans' own health participants (membership
    /// heartbeats, probes) stopped running its periodic work; readiness (tagged <see cref="ReadinessTag"/>) is Healthy
    /// while the silo is an active cluster member whose engine accepts RPCs, and Unhealthy from the moment the engine
    /// starts finalizing, so that a load balancer stops sending new clients while it drains.
    /// </summary>
    /// <param name="builder">The health checks builder of the silo's services (<c>services.AddHealthChecks()</c>).</param>
    /// <returns>The builder, for chaining.</returns>
    /// <example>
    /// <code>
    /// builder.Services.AddHealthChecks().AddMochiEngineChecks();
    /// app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(MochiHealthChecksBuilderExtensions.ReadinessTag) });
    /// </code>
    /// </example>
    public static IHealthChecksBuilder AddMochiEngineChecks(this IHealthChecksBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<SiloLivenessCheck>();
        builder.Services.TryAddSingleton<SiloReadinessCheck>();
        return builder
            .AddCheck<SiloLivenessCheck>(LivenessCheckName, tags: [LivenessTag])
            .AddCheck<SiloReadinessCheck>(ReadinessCheckName, tags: [ReadinessTag]);
    }
}
