using MochiOrleans.Grains;
using Orleans.Concurrency;

namespace MochiOrleans.Benchmarks.Workload;

/// <summary>
/// Reentrant like the provider grain, so both sides of the comparison serve many calls at once on one activation.
/// </summary>
[Reentrant]
internal sealed class EchoGrain(DeliveryCounter delivered) : Grain, IEchoGrain
{
    public Task<byte[]> EchoAsync(byte[] payload) => Task.FromResult(payload);

    public Task<RpcResponse> EnvelopeAsync(RpcRequest request) => Task.FromResult(RpcResponse.FromValue(request.Args[0]));

    public Task<RpcResponse> EnvelopeWithTokenAsync(RpcRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(RpcResponse.FromValue(request.Args[0]));

    public Task SinkAsync(byte[] payload)
    {
        delivered.Add();
        return Task.CompletedTask;
    }

    public Task<long> GetDeliveredAsync() => Task.FromResult(delivered.Count);
}
