namespace MochiOrleans.Cluster.Tests.Infrastructure;

/// <summary>A <c>configMapGenerator</c> entry.</summary>
internal sealed class ConfigMapGenerator
{
    public string Name { get; set; } = "";

    public List<string> Envs { get; set; } = [];
}
