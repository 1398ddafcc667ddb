using Orleans.Hosting.Kubernetes;

namespace MochiOrleans.Silo.Host.Configuration;

/// <summary>
/// The environment a clustered deployment gives every silo: the Kubernetes manifests (downward API and ConfigMap) and
/// <c>deploy/local-cluster.sh</c> set each of these, and the cluster tests check that they do.
/// </summary>
internal static class DeploymentEnvironment
{
    /// <summary>Set by Kubernetes itself in every pod; <see cref="KubernetesHostingMode.Auto"/> looks for it.</summary>
    public const string KubernetesServiceHost = "KUBERNETES_SERVICE_HOST";

    /// <summary>What Orleans' Kubernetes hosting reads from the downward API in a pod: the pod's name, IP and namespace.</summary>
    public static readonly IReadOnlyList<string> PodVariables =
    [
        KubernetesHostingOptions.PodNameEnvironmentVariable,
        KubernetesHostingOptions.PodIPEnvironmentVariable,
        KubernetesHostingOptions.PodNamespaceEnvironmentVariable,
    ];

    /// <summary>The variables of every silo, by name: Orleans' own section, then the host's.</summary>
    public static readonly IReadOnlyList<string> Variables =
    [
        ConfigurationKey.Variable(OrleansSection.ClusterId),
        ConfigurationKey.Variable(OrleansSection.ServiceId),
        ConfigurationKey.Variable(OrleansSection.ClusteringProviderType),
        ConfigurationKey.Variable(OrleansSection.ClusteringConnectionString),
        ConfigurationKey.Variable(OrleansSection.SiloPort),
        ConfigurationKey.Variable(OrleansSection.GatewayPort),
        Variable(nameof(SiloHostOptions.ListenOnAnyHostAddress)),
        Variable(nameof(SiloHostOptions.HealthPort)),
        Variable(nameof(SiloHostOptions.ShutdownTimeout)),
    ];

    /// <summary>The environment variable of a <see cref="SiloHostOptions"/> setting: <c>Mochi__Host__Setting</c>.</summary>
    public static string Variable(string setting) => ConfigurationKey.Variable(ConfigurationKey.Host(setting));
}
