namespace MochiOrleans.Benchmarks.Workload;

/// <summary>
/// Two hops without MochiOrleans: a reentrant stateless worker that forwards to <see cref="IEchoGrain"/>, the shape of
/// a facade call that goes through the dispatch grain. What it costs over a raw call is what Orleans charges for the
/// extra hop.
/// </summary>
public interface IRelayGrain : IGrainWithIntegerKey
{
    /// <summary>Forwards <paramref name="payload"/> to the echo grain and returns its answer.</summary>
    Task<byte[]> EchoAsync(byte[] payload);
}
