using System.Runtime.CompilerServices;

// The silo host serves the gateway; the tests call it through the generated client.
[assembly: InternalsVisibleTo("MochiOrleans.Silo.Host")]
[assembly: InternalsVisibleTo("MochiOrleans.Cluster.Tests")]
