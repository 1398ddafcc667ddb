namespace MochiOrleans.Cluster.Tests.Infrastructure;

/// <summary>The parts of kustomization.yaml the tests read.</summary>
internal sealed class Kustomization
{
    public string? Namespace { get; set; }

    public List<string> Resources { get; set; } = [];

    public List<ConfigMapGenerator> ConfigMapGenerator { get; set; } = [];
}
