using Orleans.Concurrency;

namespace MochiOrleans.Benchmarks.Workload;

/// <summary>Stateless and reentrant like the dispatch grain, so the comparison isolates the hop itself.</summary>
[StatelessWorker]
[Reentrant]
internal sealed class RelayGrain : Grain, IRelayGrain
{
    private IEchoGrain? _echo;

    public Task<byte[]> EchoAsync(byte[] payload) => (_echo ??= GrainFactory.GetGrain<IEchoGrain>(0)).EchoAsync(payload);
}
