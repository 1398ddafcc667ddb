using System.Runtime.CompilerServices;

// The silo runtime implements the server half of Engine (IEngineServer) and builds engines over its grain factory.
[assembly: InternalsVisibleTo("MochiOrleans.Silo")]
// The silo host checks the TLS settings with the rest of its configuration, before anything starts.
[assembly: InternalsVisibleTo("MochiOrleans.Silo.Host")]
[assembly: InternalsVisibleTo("MochiOrleans.Tests")]
[assembly: InternalsVisibleTo("MochiOrleans.Benchmarks")]

// The gRPC gateway calls through the silo's engine and checks tokens and limits as the runtime does.
[assembly: InternalsVisibleTo("MochiOrleans.Gateway")]
