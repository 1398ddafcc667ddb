using MochiOrleans.Grains;
using Orleans.Concurrency;

namespace MochiOrleans.Benchmarks.Workload;

/// <summary>
/// The raw baseline: a plain typed Orleans grain doing exactly what <see cref="EchoProvider"/> does, so that the
/// facade is compared with the call a user would write without MochiOrleans.
/// </summary>
internal interface IEchoGrain : IGrainWithIntegerKey
{
    /// <summary>Returns <paramref name="payload"/>, like the provider's <c>bench_echo</c>.</summary>
    Task<byte[]> EchoAsync(byte[] payload);

    /// <summary>
    /// Answers a facade envelope in one hop: the same bytes on the wire as a facade call, without the dispatch grain,
    /// name resolution or argument binding. Used to split the facade's cost.
    /// </summary>
    Task<RpcResponse> EnvelopeAsync(RpcRequest request);

    /// <summary>As <see cref="EnvelopeAsync"/>, with the cancellation token the facade passes.</summary>
    Task<RpcResponse> EnvelopeWithTokenAsync(RpcRequest request, CancellationToken cancellationToken);

    /// <summary>Counts a one-way delivery, like the provider's <c>bench_sink</c>.</summary>
    [OneWay]
    Task SinkAsync(byte[] payload);

    /// <summary>How many one-way calls (facade and raw) the silo has received so far.</summary>
    Task<long> GetDeliveredAsync();
}
