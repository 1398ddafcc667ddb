using k8s;
using k8s.Models;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace MochiOrleans.Cluster.Tests.Infrastructure;

/// <summary>
/// deploy/k8s as Kubernetes would receive it from <c>kubectl apply -k</c>: every resource file of kustomization.yaml
/// parsed into typed objects (KubernetesClient), plus the ConfigMap its generator makes of silo.env.
/// </summary>
internal sealed class KubernetesManifests
{
    public const string Directory = "deploy/k8s";

    private KubernetesManifests(Kustomization kustomization, IReadOnlyList<object> resources, V1ConfigMap siloConfig)
    {
        Kustomization = kustomization;
        Resources = resources;
        SiloConfig = siloConfig;
    }

    public Kustomization Kustomization { get; }

    public IReadOnlyList<object> Resources { get; }

    /// <summary>The ConfigMap of the generator named <c>mochi-silo</c>.</summary>
    public V1ConfigMap SiloConfig { get; }

    public V1Deployment Deployment(string name) => Single<V1Deployment>(name);

    public V1Service Service(string name) => Single<V1Service>(name);

    public T Single<T>(string name)
        where T : IKubernetesObject<V1ObjectMeta> =>
        Assert.Single(Resources.OfType<T>(), r => r.Metadata.Name == name);

    public static KubernetesManifests Load()
    {
        var text = File.ReadAllText(Repository.PathOf(Directory + "/kustomization.yaml"));
        var kustomization = new DeserializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .IgnoreUnmatchedProperties()
            .Build()
            .Deserialize<Kustomization>(text);
        var resources = kustomization.Resources
            .SelectMany(file => KubernetesYaml.LoadAllFromString(File.ReadAllText(Repository.PathOf($"{Directory}/{file}"))))
            .ToList();
        var generator = Assert.Single(kustomization.ConfigMapGenerator, g => g.Name == "mochi-silo");
        Assert.Equal([Path.GetFileName(SiloEnvironmentFile.RelativePath)], generator.Envs);
        var configMap = new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = generator.Name },
            Data = new Dictionary<string, string>(SiloEnvironmentFile.Read()),
        };
        return new KubernetesManifests(kustomization, resources, configMap);
    }
}
