using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("MochiOrleans.Tests")]
[assembly: InternalsVisibleTo("MochiOrleans.Benchmarks")]
