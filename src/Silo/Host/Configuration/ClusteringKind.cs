namespace MochiOrleans.Silo.Host.Configuration;

/// <summary>How silos find each other (<c>Mochi:Host:Clustering</c>).</summary>
internal enum ClusteringKind
{
    /// <summary>One silo on its own, no membership store: the embedded default.</summary>
    Localhost,

    /// <summary>Orleans membership in Redis (<c>Microsoft.Orleans.Clustering.Redis</c>): several processes or pods.</summary>
    Redis,
}
