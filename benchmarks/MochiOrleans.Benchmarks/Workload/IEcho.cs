namespace MochiOrleans.Benchmarks.Workload;

/// <summary>
/// The typed-proxy view of <see cref="EchoProvider"/>'s echo RPC: the same <c>bench_echo</c> the facade calls by name,
/// so that the two modes differ only in how the caller reaches it.
/// </summary>
[Provider(EchoProvider.ServiceName)]
public interface IEcho
{
    /// <summary>Calls <c>bench_echo</c>.</summary>
    Task<byte[]> EchoAsync(byte[] payload);
}
