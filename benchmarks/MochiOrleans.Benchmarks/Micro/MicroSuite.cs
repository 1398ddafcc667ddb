using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace MochiOrleans.Benchmarks.Micro;

/// <summary>
/// <c>--micro</c>: BenchmarkDotNet micro-benchmarks of the facade's hot-path pieces, with allocations per call. Other
/// arguments go to BenchmarkDotNet (<c>--filter *Binding*</c>, <c>--job short</c>); without a filter all of them run.
/// </summary>
/// <remarks>
/// They run in this process (in-process emit toolchain): the project's central package versions and warnings-as-errors
/// then need no generated project to agree with them, and the numbers are per call either way.
/// </remarks>
internal static class MicroSuite
{
    public const string Flag = "--micro";

    public static int Run(string[] args)
    {
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(3)
            .WithIterationCount(10);
        var config = DefaultConfig.Instance
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default);
        var arguments = args.Contains("--filter") ? args : [.. args, "--filter", "*"];
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(MicroSuite).Assembly).Run(arguments, config);
        return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
    }
}
