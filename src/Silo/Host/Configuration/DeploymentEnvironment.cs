namespace MochiOrleans.Silo.Host.Configuration;

/// <summary>
/// The environment a clustered deployment gives every silo: the Kubernetes manifests (downward API and ConfigMap) and
/// <c>deploy/local-cluster.sh</c> set each of these, and the cluster tests check that they do.
/// </summary>
internal static class DeploymentEnvironment
{
    /// <summary>Read by Orleans' Kubernetes hosting: the namespace whose pods it watches.</summary>
    public const string PodNamespace = "POD_NAMESPACE";

    /// <summary>Set by Kubernetes itself in every pod; <see cref="KubernetesHostingMode.Auto"/> looks for it.</summary>
    public const string KubernetesServiceHost = "KUBERNETES_SERVICE_HOST";

    /// <summary>The variables, by name.</summary>
    public static readonly IReadOnlyList<string> Variables =
    [
        .. EnvironmentAliases.Keys.Keys,
        PodNamespace,
        Variable(nameof(SiloHostOptions.Clustering)),
        Variable(nameof(SiloHostOptions.RedisConnectionString)),
        Variable(nameof(SiloHostOptions.ListenOnAnyHostAddress)),
        Variable(nameof(SiloHostOptions.SiloPort)),
        Variable(nameof(SiloHostOptions.GatewayPort)),
        Variable(nameof(SiloHostOptions.HealthPort)),
        Variable(nameof(SiloHostOptions.ShutdownTimeout)),
    ];

    /// <summary>The environment variable of a <see cref="SiloHostOptions"/> setting: <c>Mochi__Host__Setting</c>.</summary>
    public static string Variable(string setting) =>
        EnvironmentAliases.Key(setting).Replace(":", "__", StringComparison.Ordinal);
}
