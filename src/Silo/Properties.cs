using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("MochiOrleans.Tests")]

// The silo host refuses ports in use with the same check as Engine.StartAsync.
[assembly: InternalsVisibleTo("MochiOrleans.Silo.Host")]
[assembly: InternalsVisibleTo("MochiOrleans.Benchmarks")]

// The gRPC gateway calls through the silo's engine and checks tokens and limits as the runtime does.
[assembly: InternalsVisibleTo("MochiOrleans.Gateway")]
