namespace MochiOrleans.Silo.Host.Configuration;

/// <summary>How silos find each other: <c>Orleans:Clustering:ProviderType</c>, Orleans' own provider names.</summary>
internal enum ClusteringKind
{
    /// <summary>Orleans' <c>Development</c> clustering: one silo on its own, its own primary, no membership store. The default.</summary>
    Development,

    /// <summary>Orleans membership in Redis (<c>Microsoft.Orleans.Clustering.Redis</c>): several processes or pods.</summary>
    Redis,
}
