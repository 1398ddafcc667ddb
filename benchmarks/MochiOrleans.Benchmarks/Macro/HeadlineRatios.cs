namespace MochiOrleans.Benchmarks.Macro;

/// <summary>The ratios a run ends with, each measured at TCP 16 B (NaN when its cells were not measured).</summary>
/// <param name="FacadeRawThroughput">Facade over raw typed Orleans calls/s at 64 callers (goal ≥ 0.95).</param>
/// <param name="FacadeRawP50">Facade over raw p50 latency at 1 caller (goal ≤ 1.10).</param>
/// <param name="FacadeGrpcThroughput">Facade over gRPC for .NET calls/s at 64 callers (goal ≥ 2.0).</param>
/// <param name="TlsPlainThroughput">TLS-on facade over plain facade calls/s at 64 callers (goal ≥ 0.80).</param>
internal sealed record HeadlineRatios(double FacadeRawThroughput, double FacadeRawP50, double FacadeGrpcThroughput, double TlsPlainThroughput);
