namespace MochiOrleans.Benchmarks.Macro;

/// <summary>The outcome of one call mode at one cell, as printed and written to JSON.</summary>
/// <param name="Transport">Where the caller sat.</param>
/// <param name="Mode">What was called.</param>
/// <param name="PayloadBytes">The payload size.</param>
/// <param name="Callers">Concurrent callers.</param>
/// <param name="CallsPerSecond">Completed (answered, or for one-way delivered) calls per second.</param>
/// <param name="P50Microseconds">Median call latency (one-way: hand-off time).</param>
/// <param name="P99Microseconds">99th percentile call latency.</param>
/// <param name="Calls">Calls counted.</param>
/// <param name="Seconds">Time measured, over all rounds.</param>
/// <param name="Rounds">Timed rounds.</param>
/// <param name="ClientCpuMicrosecondsPerCall">CPU per call of the calling process (in-process: caller and silo).</param>
/// <param name="SiloCpuMicrosecondsPerCall">CPU per call of the silo process (TCP runs; 0 in process).</param>
/// <param name="ClientAllocatedBytesPerCall">Bytes allocated per call by the calling process.</param>
internal sealed record CellResult(
    Transport Transport,
    CallMode Mode,
    int PayloadBytes,
    int Callers,
    double CallsPerSecond,
    double P50Microseconds,
    double P99Microseconds,
    long Calls,
    double Seconds,
    int Rounds,
    double ClientCpuMicrosecondsPerCall,
    double SiloCpuMicrosecondsPerCall,
    double ClientAllocatedBytesPerCall)
{
    public static CellResult From(CellSpec cell, CallMode mode, Measurement measurement) => new(
        cell.Transport,
        mode,
        cell.PayloadBytes,
        cell.Callers,
        measurement.CallsPerSecond,
        measurement.PercentileMicroseconds(50),
        measurement.PercentileMicroseconds(99),
        measurement.Calls,
        measurement.Seconds,
        measurement.Rounds,
        measurement.ClientCpuMicrosecondsPerCall,
        measurement.SiloCpuMicrosecondsPerCall,
        measurement.ClientAllocatedBytesPerCall);
}
