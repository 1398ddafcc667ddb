namespace MochiOrleans.Benchmarks.Workload;

/// <summary>The provider behind the facade calls: <c>bench_echo</c> returns its payload, <c>bench_sink</c> counts it.</summary>
[Provider(ServiceName)]
public sealed class EchoProvider(DeliveryCounter delivered)
{
    /// <summary>The service name, and so the RPC name prefix.</summary>
    public const string ServiceName = "bench";

    /// <summary>The full name of the echo RPC.</summary>
    public const string EchoRpc = "bench_echo";

    /// <summary>The full name of the one-way RPC.</summary>
    public const string SinkRpc = "bench_sink";

    /// <summary>The provider id it is registered under.</summary>
    public const ushort ProviderId = 7;

    /// <summary>Returns <paramref name="payload"/>.</summary>
    [Remote]
    public byte[] Echo(byte[] payload) => payload;

    /// <summary>The full name of the RPC that says which process serves the provider.</summary>
    public const string ProcessIdRpc = "bench_process_id";

    /// <summary>The id of the process serving this provider: which silo a virtual provider landed on.</summary>
    [Remote]
    public static int ProcessId() => Environment.ProcessId;

    /// <summary>Counts a delivery; callers send it one-way.</summary>
    [Remote]
    public void Sink(byte[] payload) => delivered.Add();
}
