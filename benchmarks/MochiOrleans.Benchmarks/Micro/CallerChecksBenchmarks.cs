using System.Collections.Concurrent;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using MochiOrleans.Benchmarks.Workload;
using MochiOrleans.Grains;
using MochiOrleans.Internal;
using Orleans.Serialization;

namespace MochiOrleans.Benchmarks.Micro;

/// <summary>
/// What the caller does per facade call before anything is sent: the value inspection (depth, size, codecs,
/// strings), and the cached (RPC name, provider id) → provider grain resolution.
/// </summary>
#pragma warning disable CA1001 // BenchmarkDotNet owns the instance; [GlobalCleanup] disposes what it holds.
public class CallerChecksBenchmarks
#pragma warning restore CA1001
{
    private readonly object?[] _args = [new byte[16]];
    private ServiceProvider _services = null!;
    private SerializabilityCheck _serializability = null!;
    private ClusterConnection _connection = null!;
    private string _name = null!;

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        _connection = new ClusterConnection(NullGrainFactory.Create(), _services);
        _serializability = _connection.Serializability;
        ValueInspection.Inspect(_args, null, ValueLimits.Default, _serializability);

        // Without a silo the dispatch grain cannot answer the first resolution: seed the cache it would fill.
        var routes = typeof(ClusterConnection).GetField("_routes", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(_connection)
            as ConcurrentDictionary<(string RpcName, ushort ProviderId), ProviderRoute>
            ?? throw new InvalidOperationException("ClusterConnection no longer caches routes in '_routes'.");
        routes[(EchoProvider.EchoRpc, EchoProvider.ProviderId)] = new ProviderRoute(null!, DisableResponse: false, UsesHandle: false, MethodIndex: 0, TableGeneration: 1);
        _name = new string(EchoProvider.EchoRpc.AsSpan());
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _connection.DisposeAsync().ConfigureAwait(false);
        await _services.DisposeAsync().ConfigureAwait(false);
    }

    [Benchmark(Description = "ValueInspection.Inspect(byte[16]): depth, size, codecs, strings")]
    public bool Inspect() => ValueInspection.Inspect(_args, null, ValueLimits.Default, _serializability).Problem == ValueProblem.None;

    [Benchmark(Description = "ClusterConnection.ResolveAsync (cached)")]
    public bool Resolve()
    {
        var resolution = _connection.ResolveAsync(_name, EchoProvider.ProviderId, CancellationToken.None);
        return resolution.IsCompletedSuccessfully ? resolution.Result.Route is not null : throw new InvalidOperationException("Not cached.");
    }
}
