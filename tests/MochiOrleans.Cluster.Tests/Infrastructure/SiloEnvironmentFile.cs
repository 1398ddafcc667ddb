namespace MochiOrleans.Cluster.Tests.Infrastructure;

/// <summary>
/// deploy/k8s/silo.env, the environment every silo shares: kustomize makes the silos' ConfigMap of it and
/// deploy/local-cluster.sh exports it, so the tests read it the same way.
/// </summary>
internal static class SiloEnvironmentFile
{
    public const string RelativePath = "deploy/k8s/silo.env";

    public static IReadOnlyDictionary<string, string> Read()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in File.ReadAllLines(Repository.PathOf(RelativePath)))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            Assert.True(equals > 0, $"{RelativePath}: '{line}' is not NAME=VALUE.");
            values[line[..equals]] = line[(equals + 1)..];
        }

        return values;
    }
}
