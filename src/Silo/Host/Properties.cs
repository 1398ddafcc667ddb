using System.Runtime.CompilerServices;

// The cluster tests check configuration handling and the deployment contract against the host's own types.
[assembly: InternalsVisibleTo("MochiOrleans.Cluster.Tests")]
