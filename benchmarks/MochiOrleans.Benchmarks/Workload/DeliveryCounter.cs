namespace MochiOrleans.Benchmarks.Workload;

/// <summary>
/// Counts one-way calls that reached the silo: a one-way call completes at the sender on hand-off, so throughput is
/// only honest when it counts deliveries.
/// </summary>
public sealed class DeliveryCounter
{
    private long _count;

    /// <summary>Deliveries so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Records one delivery.</summary>
    public void Add() => Interlocked.Increment(ref _count);
}
