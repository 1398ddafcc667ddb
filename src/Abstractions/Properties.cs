using System.Runtime.CompilerServices;

// The runtime (Silo) and the facade (Client) build handles, addresses and envelopes; users never need to.
[assembly: InternalsVisibleTo("MochiOrleans.Client")]
[assembly: InternalsVisibleTo("MochiOrleans.Silo")]
[assembly: InternalsVisibleTo("MochiOrleans.Tests")]
[assembly: InternalsVisibleTo("MochiOrleans.Analyzers.Tests")]
[assembly: InternalsVisibleTo("MochiOrleans.Benchmarks")]

// The gRPC gateway calls through the silo's engine and checks tokens and limits as the runtime does.
[assembly: InternalsVisibleTo("MochiOrleans.Gateway")]
