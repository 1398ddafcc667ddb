using System.Runtime.CompilerServices;

// The silo runtime implements the server half of Engine (IEngineServer) and builds engines over its grain factory.
[assembly: InternalsVisibleTo("MochiOrleans.Silo")]
[assembly: InternalsVisibleTo("MochiOrleans.Tests")]
[assembly: InternalsVisibleTo("MochiOrleans.Benchmarks")]
