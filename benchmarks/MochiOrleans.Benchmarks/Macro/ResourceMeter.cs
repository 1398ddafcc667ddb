using System.Diagnostics;

namespace MochiOrleans.Benchmarks.Macro;

/// <summary>
/// Reads what a measurement cost besides time: CPU of this process and of the silo process (when the silo runs in
/// another one), and bytes allocated by this process. Per call, these say where a difference in throughput comes from.
/// </summary>
internal sealed class ResourceMeter(params Process?[] silos)
{
    /// <summary>Whether the silo's CPU is metered separately (TCP runs) or is part of this process's (in-process runs).</summary>
    public bool SeparateSilo => silos.Any(s => s is not null);

    /// <summary>Reads the counters; the silo CPU is the sum over every silo process metered (scale-out: all of them).</summary>
    public Reading Read()
    {
        using var self = Process.GetCurrentProcess();
        var siloCpu = TimeSpan.Zero;
        foreach (var silo in silos)
        {
            if (silo is not null)
            {
                silo.Refresh();
                siloCpu += silo.TotalProcessorTime;
            }
        }

        return new Reading(self.TotalProcessorTime, siloCpu, GC.GetTotalAllocatedBytes(precise: true));
    }

    /// <summary>Cumulative counters at one instant.</summary>
    internal readonly record struct Reading(TimeSpan ClientCpu, TimeSpan SiloCpu, long ClientAllocated);
}
