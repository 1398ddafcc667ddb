namespace MochiOrleans.Benchmarks.ScaleOut;

/// <summary>One silo count, one call mode, one caller count of the scale-out mode, as printed and written to JSON.</summary>
/// <param name="Silos">Silo processes in the cluster.</param>
/// <param name="Mode">What was called (facade or raw).</param>
/// <param name="Callers">Concurrent callers.</param>
/// <param name="CallsPerSecond">Answered calls per second, over all rounds.</param>
/// <param name="P50Microseconds">Median call latency.</param>
/// <param name="P99Microseconds">99th percentile call latency.</param>
/// <param name="ClientCpuMicrosecondsPerCall">CPU per call of the calling process.</param>
/// <param name="SiloCpuMicrosecondsPerCall">CPU per call of all silo processes together.</param>
/// <param name="ProvidersPerSilo">How many of the virtual providers each silo serves (facade rows), in silo start order.</param>
internal sealed record ScaleOutResult(
    int Silos,
    string Mode,
    int Callers,
    double CallsPerSecond,
    double P50Microseconds,
    double P99Microseconds,
    double ClientCpuMicrosecondsPerCall,
    double SiloCpuMicrosecondsPerCall,
    IReadOnlyList<int> ProvidersPerSilo);
