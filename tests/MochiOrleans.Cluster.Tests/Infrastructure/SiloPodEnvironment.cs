using k8s.Models;
using Microsoft.Extensions.Configuration;
using MochiOrleans.Silo.Host.Configuration;

namespace MochiOrleans.Cluster.Tests.Infrastructure;

/// <summary>
/// The environment a silo pod of deploy/k8s gets, with example values where Kubernetes fills them in: the downward
/// API, the ConfigMap made of silo.env, the container's own variables, and Secret keys (which the operator creates).
/// </summary>
internal static class SiloPodEnvironment
{
    public static IReadOnlyDictionary<string, string?> Of(KubernetesManifests manifests, V1Container container)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        ArgumentNullException.ThrowIfNull(container);
        var downward = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["metadata.name"] = "mochi-silo-0",
            ["status.podIP"] = "10.1.2.3",
            ["metadata.namespace"] = "mochi",
        };
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            // Kubernetes sets it in every pod.
            [DeploymentEnvironment.KubernetesServiceHost] = "10.0.0.1",
        };
        foreach (var (key, value) in manifests.SiloConfig.Data)
        {
            environment[key] = value;
        }

        foreach (var variable in container.Env ?? [])
        {
            environment[variable.Name] = variable.ValueFrom switch
            {
                null => variable.Value,
                { FieldRef: { } field } => downward[field.FieldPath],
                { SecretKeyRef: { } secret } => ExampleSecretValue(secret.Name, secret.Key),
                _ => throw new InvalidOperationException($"{variable.Name}: a source the tests do not model."),
            };
        }

        return environment;
    }

    /// <summary>
    /// A path into one of the container's Secret volumes, mapped to a generated file standing for that Secret key
    /// (<c>ca.crt</c>, <c>tls.crt</c>, <c>tls.key</c>), so that the host's checks of those files run; null otherwise.
    /// </summary>
    private static string? SecretFile(V1PodSpec pod, V1Container container, string value)
    {
        var mount = container.VolumeMounts?.FirstOrDefault(m => value.StartsWith(m.MountPath + "/", StringComparison.Ordinal));
        var secret = mount is null ? null : pod.Volumes.Single(v => v.Name == mount.Name).Secret;
        var item = secret?.Items?.FirstOrDefault(i => mount!.MountPath + "/" + i.Path == value);
        return item is null ? null : Path.Combine(SecretFiles.Value, item.Key);
    }

    private static readonly Lazy<string> SecretFiles = new(() =>
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "pod-secrets");
        using var authority = TestCertificateAuthority.Create("mochi-test");
        authority.WriteKubernetesSecret(directory, "mochi-silo");
        return directory;
    });

    /// <summary>What a Secret key holds in these tests.</summary>
    public static string ExampleSecretValue(string secret, string key) => $"example-{secret}-{key}";

    /// <summary>
    /// The pod's environment through the host's own loading and validation. The image has the sample providers in
    /// /app/providers (deploy/Dockerfile); here they are loaded from their build output.
    /// </summary>
    public static SiloHostSettings LoadSettings(KubernetesManifests manifests, V1PodSpec pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var container = Assert.Single(pod.Containers);
        var environment = new Dictionary<string, string?>(Of(manifests, container), StringComparer.Ordinal);
        Assert.Equal("/app/providers", environment["Mochi__Host__ProviderPaths__0"]);
        environment["Mochi__Host__ProviderPaths__0"] = Repository.ClusterProviders;
        foreach (var (name, value) in environment.ToList())
        {
            if (value is not null && SecretFile(pod, container, value) is { } local)
            {
                environment[name] = local;
            }
        }

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(p => new KeyValuePair<string, string?>(p.Key.Replace("__", ":", StringComparison.Ordinal), p.Value)))
            .Build();
        return SiloHostSettings.Load(configuration, name => environment.GetValueOrDefault(name));
    }
}
