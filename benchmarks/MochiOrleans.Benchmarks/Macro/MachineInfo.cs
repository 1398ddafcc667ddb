using System.Runtime;
using System.Runtime.InteropServices;

namespace MochiOrleans.Benchmarks.Macro;

/// <summary>The machine a run measured, recorded with its results.</summary>
internal sealed record MachineInfo(string Processor, int LogicalCores, long MemoryBytes, string OperatingSystem, string Runtime, bool ServerGc)
{
    public static MachineInfo Collect() => new(
        ProcessorName(),
        Environment.ProcessorCount,
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        GCSettings.IsServerGC);

    public override string ToString() =>
        $"{Processor}, {LogicalCores} logical cores, {MemoryBytes / (1024.0 * 1024 * 1024):F1} GiB, {OperatingSystem}, {Runtime}, {(ServerGc ? "server" : "workstation")} GC";

    private static string ProcessorName()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (File.Exists(cpuInfo))
        {
            var line = File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line?.Split(':', 2) is [_, var name])
            {
                return name.Trim();
            }
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
