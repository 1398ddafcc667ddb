using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using MochiOrleans.Benchmarks.Workload;
using MochiOrleans.Grains;
using MochiOrleans.Internal.Registry;

namespace MochiOrleans.Benchmarks.Micro;

/// <summary>
/// The dispatch grain's first step: (RPC name, provider id) to provider grain, in a cluster view of 64 providers with
/// 8 RPCs each plus the benchmark's own.
/// </summary>
public class NameResolutionBenchmarks
{
    private ClusterDirectory _directory = null!;
    private string _name = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = new ClusterDirectory(new ProviderRegistry(), null!, NullGrainFactory.Create(), null!, NullLogger<ClusterDirectory>.Instance);
        var providers = Enumerable.Range(0, 64)
            .Select(p => new ProviderRecord(
                $"service{p}:{p}",
                (ushort)p,
                IsInstance: true,
                [.. Enumerable.Range(0, 8).Select(r => new RpcRecord($"service{p}_method{r}", DisableResponse: false, UsesHandle: false))]))
            .Append(new ProviderRecord(
                $"{EchoProvider.ServiceName}:{EchoProvider.ProviderId}",
                EchoProvider.ProviderId,
                IsInstance: true,
                [new RpcRecord(EchoProvider.EchoRpc, false, false), new RpcRecord(EchoProvider.SinkRpc, false, false)]));
        _directory.Apply(new SiloRegistrations("S127.0.0.1:11111:1", "tcp://127.0.0.1:30000", 1, [.. providers]));

        // A name that arrived off the wire is a fresh string, not the interned literal the table was built from.
        _name = new string(EchoProvider.EchoRpc.AsSpan());
    }

    [Benchmark(Description = "ClusterDirectory.TryResolve (hit)")]
    public bool TryResolve() => _directory.TryResolve(_name, EchoProvider.ProviderId, out _);

    [Benchmark(Description = "ClusterDirectory.TryResolve (wrong provider id)")]
    public bool TryResolveMiss() => _directory.TryResolve(_name, 999, out _);
}
