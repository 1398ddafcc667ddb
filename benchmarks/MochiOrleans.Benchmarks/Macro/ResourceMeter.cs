using System.Diagnostics;

namespace MochiOrleans.Benchmarks.Macro;

/// <summary>
/// Reads what a measurement cost besides time: CPU of this process and of the silo process (when the silo runs in
/// another one), and bytes allocated by this process. Per call, these say where a difference in throughput comes from.
/// </summary>
internal sealed class ResourceMeter(Process? silo)
{
    /// <summary>Whether the silo's CPU is metered separately (TCP runs) or is part of this process's (in-process runs).</summary>
    public bool SeparateSilo => silo is not null;

    public Reading Read()
    {
        using var self = Process.GetCurrentProcess();
        silo?.Refresh();
        return new Reading(self.TotalProcessorTime, silo?.TotalProcessorTime ?? TimeSpan.Zero, GC.GetTotalAllocatedBytes(precise: true));
    }

    /// <summary>Cumulative counters at one instant.</summary>
    internal readonly record struct Reading(TimeSpan ClientCpu, TimeSpan SiloCpu, long ClientAllocated);
}
