using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MochiOrleans.Benchmarks.Macro;

/// <summary>Prints a run's table and headline ratios, and writes the same numbers as JSON.</summary>
internal static class ResultReport
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Table(IReadOnlyList<CellResult> results)
    {
        var text = new StringBuilder();
        Line(text, "| transport | payload | callers | facade calls/s | raw calls/s | tput ratio | facade p50 µs | raw p50 µs | p50 ratio | facade p99 µs | raw p99 µs | 1-way facade/s | 1-way raw/s | 1-way facade p50 µs | 1-way raw p50 µs |");
        Line(text, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var cell in Cells(results))
        {
            var by = cell.ToDictionary(r => r.Mode);
            string Value(CallMode mode, Func<CellResult, double> pick, string format) =>
                by.TryGetValue(mode, out var result) ? pick(result).ToString(format, CultureInfo.InvariantCulture) : "-";
            string Ratio(Func<CellResult, double> pick) =>
                by.TryGetValue(CallMode.Facade, out var facade) && by.TryGetValue(CallMode.Raw, out var raw)
                    ? (pick(facade) / pick(raw)).ToString("F2", CultureInfo.InvariantCulture)
                    : "-";

            Line(text, string.Create(
                CultureInfo.InvariantCulture,
                $"| {Name(cell.Key.Transport)} | {BenchSettings.FormatBytes(cell.Key.PayloadBytes)} | {cell.Key.Callers} " +
                $"| {Value(CallMode.Facade, Throughput, "F0")} | {Value(CallMode.Raw, Throughput, "F0")} | {Ratio(Throughput)} " +
                $"| {Value(CallMode.Facade, P50, "F0")} | {Value(CallMode.Raw, P50, "F0")} | {Ratio(P50)} " +
                $"| {Value(CallMode.Facade, P99, "F0")} | {Value(CallMode.Raw, P99, "F0")} " +
                $"| {Value(CallMode.FacadeOneWay, Throughput, "F0")} | {Value(CallMode.RawOneWay, Throughput, "F0")} " +
                $"| {Value(CallMode.FacadeOneWay, P50, "F1")} | {Value(CallMode.RawOneWay, P50, "F1")} |"));
        }

        return text.ToString();
    }

    /// <summary>The cells measured with the intermediate calls: how the facade's cost over a raw call adds up.</summary>
    public static string BreakdownTable(IReadOnlyList<CellResult> results)
    {
        var text = new StringBuilder();
        Line(text, "| transport | payload | callers | call | calls/s | vs raw | p50 µs | vs raw | p99 µs | caller CPU µs/call | silo CPU µs/call | caller alloc B/call |");
        Line(text, "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var cell in Cells(results).Where(c => c.Any(r => r.Mode == CallMode.ProviderDirect) && c.Any(r => r.Mode == CallMode.Raw)))
        {
            var raw = cell.Single(r => r.Mode == CallMode.Raw);
            foreach (var result in cell.Where(r => r.Mode is not (CallMode.FacadeOneWay or CallMode.RawOneWay)))
            {
                Line(text, string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {Name(cell.Key.Transport)} | {BenchSettings.FormatBytes(cell.Key.PayloadBytes)} | {cell.Key.Callers} | {Describe(result.Mode)} " +
                    $"| {result.CallsPerSecond:F0} | {result.CallsPerSecond / raw.CallsPerSecond:F2} " +
                    $"| {result.P50Microseconds:F0} | {result.P50Microseconds / raw.P50Microseconds:F2} | {result.P99Microseconds:F0} " +
                    $"| {result.ClientCpuMicrosecondsPerCall:F1} | {result.SiloCpuMicrosecondsPerCall:F1} | {Known(result.ClientAllocatedBytesPerCall)} |"));
            }
        }

        return text.ToString();
    }

    /// <summary>The headline ratios; NaN for one whose cells were not measured (a run limited with <c>--only</c> or <c>--mode</c>).</summary>
    public static HeadlineRatios Headline(IReadOnlyList<CellResult> results)
    {
        CellResult? Find(CallMode mode, int callers) => results.SingleOrDefault(r =>
            r.Transport == Transport.Tcp && r.Mode == mode && r.PayloadBytes == BenchSettings.HeadlinePayload && r.Callers == callers);
        double Throughput(CallMode over, CallMode under) =>
            Find(over, BenchSettings.HeadlineThroughputCallers)?.CallsPerSecond / Find(under, BenchSettings.HeadlineThroughputCallers)?.CallsPerSecond ?? double.NaN;

        return new HeadlineRatios(
            Throughput(CallMode.Facade, CallMode.Raw),
            Find(CallMode.Facade, BenchSettings.HeadlineLatencyCallers)?.P50Microseconds /
                Find(CallMode.Raw, BenchSettings.HeadlineLatencyCallers)?.P50Microseconds ?? double.NaN,
            Throughput(CallMode.Facade, CallMode.Grpc),
            Throughput(CallMode.FacadeTls, CallMode.Facade));
    }

    public static string HeadlineLines(HeadlineRatios headline) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"facade/raw throughput ratio at {BenchSettings.HeadlineThroughputCallers} callers, 16 B, TCP: {Ratio(headline.FacadeRawThroughput)}\n" +
            $"facade/raw p50 latency ratio at {BenchSettings.HeadlineLatencyCallers} caller, 16 B, TCP: {Ratio(headline.FacadeRawP50)}\n" +
            $"facade/grpc throughput ratio at {BenchSettings.HeadlineThroughputCallers} callers, 16 B, TCP: {Ratio(headline.FacadeGrpcThroughput)}\n" +
            $"facade tls/plain throughput ratio at {BenchSettings.HeadlineThroughputCallers} callers, 16 B, TCP: {Ratio(headline.TlsPlainThroughput)}");

    // A run limited by --only or --mode may not measure both sides of a headline ratio.
    private static string Ratio(double ratio) =>
        double.IsNaN(ratio) ? "not measured in this run" : ratio.ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>The facade against its peers at every cell where they were measured: raw Orleans, gRPC, the facade over TLS.</summary>
    public static string PeerTable(IReadOnlyList<CellResult> results)
    {
        var text = new StringBuilder();
        Line(text, "| transport | payload | callers | call | calls/s | facade/this | p50 µs | p99 µs | caller CPU µs/call | server CPU µs/call | caller alloc B/call |");
        Line(text, "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var cell in Cells(results).Where(c => c.Any(r => r.Mode is CallMode.Grpc or CallMode.FacadeTls) && c.Any(r => r.Mode == CallMode.Facade)))
        {
            var facade = cell.Single(r => r.Mode == CallMode.Facade);
            foreach (var result in cell.Where(r => r.Mode is CallMode.Facade or CallMode.Raw or CallMode.Grpc or CallMode.FacadeTls))
            {
                Line(text, string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {Name(cell.Key.Transport)} | {BenchSettings.FormatBytes(cell.Key.PayloadBytes)} | {cell.Key.Callers} | {Describe(result.Mode)} " +
                    $"| {result.CallsPerSecond:F0} | {facade.CallsPerSecond / result.CallsPerSecond:F2} " +
                    $"| {result.P50Microseconds:F0} | {result.P99Microseconds:F0} " +
                    $"| {result.ClientCpuMicrosecondsPerCall:F1} | {result.SiloCpuMicrosecondsPerCall:F1} | {Known(result.ClientAllocatedBytesPerCall)} |"));
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// Typed proxy against facade, per cell where both were measured (what the proxy adds to a call by name), and the
    /// source-generated proxy against the emitted one where the breakdown measured both.
    /// </summary>
    public static string ProxyLines(IReadOnlyList<CellResult> results)
    {
        var text = new StringBuilder();
        foreach (var cell in Cells(results))
        {
            CompareLine(text, cell, "proxy/facade", CallMode.Proxy, CallMode.Facade);
            CompareLine(text, cell, "generated/emitted proxy", CallMode.Proxy, CallMode.EmittedProxy);
        }

        return text.ToString();
    }

    private static void CompareLine(StringBuilder text, IGrouping<(Transport Transport, int PayloadBytes, int Callers), CellResult> cell, string label, CallMode measured, CallMode against)
    {
        if (cell.SingleOrDefault(r => r.Mode == measured) is { } a && cell.SingleOrDefault(r => r.Mode == against) is { } b)
        {
            Line(text, string.Create(
                CultureInfo.InvariantCulture,
                $"{label} {Name(cell.Key.Transport)} {BenchSettings.FormatBytes(cell.Key.PayloadBytes)} x{cell.Key.Callers}: " +
                $"throughput {a.CallsPerSecond / b.CallsPerSecond:F2}, p50 {a.P50Microseconds / b.P50Microseconds:F2}, " +
                $"caller alloc {Known(a.ClientAllocatedBytesPerCall)} vs {Known(b.ClientAllocatedBytesPerCall)} B/call"));
        }
    }

    public static async Task WriteJsonAsync(
        BenchSettings settings, MachineInfo machine, IReadOnlyList<CellResult> results, HeadlineRatios headline, TimeSpan elapsed)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(settings.OutputPath)!);
        var document = new
        {
            GeneratedUtc = DateTime.UtcNow,
            Mode = settings.Quick ? "quick" : "full",
            Machine = machine,
            Settings = new
            {
                WarmupSeconds = settings.Warmup.TotalSeconds,
                WindowSeconds = settings.Window.TotalSeconds,
                settings.WindowInLatencies,
                OneWayTargetSeconds = settings.OneWayTarget.TotalSeconds,
                BenchSettings.OneWayByteBudget,
            },
            ElapsedSeconds = elapsed.TotalSeconds,
            Headline = new
            {
                FacadeRawThroughputRatio64Callers16BTcp = headline.FacadeRawThroughput,
                FacadeRawP50LatencyRatio1Caller16BTcp = headline.FacadeRawP50,
                FacadeGrpcThroughputRatio64Callers16BTcp = headline.FacadeGrpcThroughput,
                FacadeTlsPlainThroughputRatio64Callers16BTcp = headline.TlsPlainThroughput,
            },
            Cells = results,
        };
        await using var file = File.Create(settings.OutputPath);
        await JsonSerializer.SerializeAsync(file, document, Json).ConfigureAwait(false);
    }

    private static string Known(double value) => double.IsNaN(value) ? "n/a" : value.ToString("F0", CultureInfo.InvariantCulture);

    private static double Throughput(CellResult result) => result.CallsPerSecond;

    private static double P50(CellResult result) => result.P50Microseconds;

    private static double P99(CellResult result) => result.P99Microseconds;

    private static IEnumerable<IGrouping<(Transport Transport, int PayloadBytes, int Callers), CellResult>> Cells(IReadOnlyList<CellResult> results) =>
        results.GroupBy(r => (r.Transport, r.PayloadBytes, r.Callers));

    private static string Describe(CallMode mode) => mode switch
    {
        CallMode.Raw => "raw typed grain (byte[])",
        CallMode.Envelope => "typed grain, facade envelopes",
        CallMode.EnvelopeWithToken => "typed grain, envelopes + CancellationToken",
        CallMode.ProviderDirect => "provider grain direct (bind + invoke)",
        CallMode.RawRelay => "typed stateless-worker relay + typed grain (two hops)",
        CallMode.Facade => "facade (Engine CallAsync by RPC name)",
        CallMode.Proxy => "typed proxy (Engine.CreateProxy)",
        CallMode.EmittedProxy => "typed proxy, class emitted at run time",
        CallMode.Grpc => "gRPC for .NET unary, h2c (own server process)",
        CallMode.FacadeTls => "facade over TLS (own silo process)",
        _ => mode.ToString(),
    };

    private static string Name(Transport transport) => transport == Transport.Tcp ? "tcp" : "in-process";

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
