using System.Globalization;
using MochiOrleans.Benchmarks.Hosting;
using MochiOrleans.Testing;

namespace MochiOrleans.Benchmarks.Macro;

/// <summary>How long and how much a run measures: <c>--quick</c> fits in two minutes on two cores, the full mode does not try.</summary>
/// <param name="Quick">Whether this is the quick run.</param>
/// <param name="Warmup">Untimed calls before each timed window.</param>
/// <param name="Window">The timed window of answered calls, at least.</param>
/// <param name="WindowInLatencies">The window is stretched to this many warm-up call latencies when that is longer.</param>
/// <param name="OneWayTarget">About how long a one-way batch should take at the answered rate.</param>
/// <param name="Cells">The matrix cells measured.</param>
/// <param name="OutputPath">Where the JSON results go: <see cref="DefaultOutputDirectory"/> unless <c>--out</c> names a file.</param>
internal sealed record BenchSettings(
    bool Quick,
    TimeSpan Warmup,
    TimeSpan Window,
    int WindowInLatencies,
    TimeSpan OneWayTarget,
    IReadOnlyList<CellSpec> Cells,
    string OutputPath)
{
    /// <summary>Only these call modes (<c>--mode facade</c>, repeatable), or every mode when empty: for profiling one path.</summary>
    public IReadOnlySet<CallMode> Modes { get; init; } = new HashSet<CallMode>();

    /// <summary><c>--tls</c>: TLS between the client and the silo process of the TCP runs (docs/security.md).</summary>
    public bool Tls { get; init; }

    public bool Measures(CallMode mode) => Modes.Count == 0 || Modes.Contains(mode);

    /// <summary>
    /// Where a run writes its JSON by default, relative to the repository root: a folder git ignores, so that running the
    /// benchmark never changes a tracked file. Runs the documentation cites are kept in benchmarks/results with <c>--out</c>.
    /// </summary>
    public const string DefaultOutputDirectory = "benchmarks/out";

    public static readonly int[] Payloads = [16, 1024, 64 * 1024, 1024 * 1024];
    public static readonly int[] Concurrency = [1, 16, 64, 256];

    /// <summary>The two cells the headline ratios come from.</summary>
    public const int HeadlinePayload = 16;
    public const int HeadlineThroughputCallers = 64;
    public const int HeadlineLatencyCallers = 1;

    /// <summary>The payload at which the peers (gRPC, TLS-on facade) are measured, at every caller count over TCP.</summary>
    public const int PeerPayload = 16;

    /// <summary>One-way batches hold at most this many payload bytes, so a fast sender cannot fill memory.</summary>
    public const long OneWayByteBudget = 256L * 1024 * 1024;

    /// <summary>
    /// One-way batches hold at most this many calls: one-way calls have no flow control, so a larger flood only
    /// measures how the silo's queues behave when they grow.
    /// </summary>
    public const int OneWayMaximumCalls = 50_000;

    public static BenchSettings Parse(string[] args)
    {
        var quick = args.Contains("--quick");
        var outIndex = Array.IndexOf(args, "--out");
        var output = outIndex >= 0 && outIndex + 1 < args.Length
            ? Path.GetFullPath(args[outIndex + 1])
            : Path.Combine(Repository.PathOf(DefaultOutputDirectory), quick ? "quick.json" : "full.json");
        var cells = Only(args, quick ? QuickCells() : FullCells());
        var modes = Values(args, "--mode").Select(m => Enum.Parse<CallMode>(m, ignoreCase: true)).ToHashSet();
        var settings = quick
            ? new BenchSettings(true, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(600), 3, TimeSpan.FromMilliseconds(400), cells, output)
            : new BenchSettings(false, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), 8, TimeSpan.FromSeconds(1.5), cells, output);
        return settings with { Modes = modes, Tls = args.Contains(BenchTls.Flag) };
    }

    private static IEnumerable<string> Values(string[] args, string option) =>
        args.Zip(args.Skip(1)).Where(p => p.First == option).Select(p => p.Second);

    // `--only tcp:16:64` (repeatable) keeps just those cells: for profiling one cell without the whole matrix.
    private static List<CellSpec> Only(string[] args, List<CellSpec> cells)
    {
        var wanted = Values(args, "--only").ToHashSet(StringComparer.OrdinalIgnoreCase);
        return wanted.Count == 0
            ? cells
            : cells.FindAll(c => wanted.Contains(string.Create(
                CultureInfo.InvariantCulture, $"{(c.Transport == Transport.Tcp ? "tcp" : "inproc")}:{c.PayloadBytes}:{c.Callers}")));
    }

    public static bool IsHeadline(Transport transport, int payload, int callers) =>
        transport == Transport.Tcp && payload == HeadlinePayload && callers is HeadlineThroughputCallers or HeadlineLatencyCallers;

    public static string FormatBytes(int bytes) => bytes switch
    {
        >= 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024)} MiB"),
        >= 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };

    // Quick mode: the whole matrix over TCP (where the headline cells are), a corner sample in process.
    private static List<CellSpec> QuickCells()
    {
        var cells = new List<CellSpec>();
        foreach (var payload in new[] { 16, 64 * 1024 })
        {
            foreach (var callers in new[] { 1, 64 })
            {
                cells.Add(new CellSpec(Transport.InProcess, payload, callers, Rounds: 1));
            }
        }

        foreach (var payload in Payloads)
        {
            foreach (var callers in Concurrency)
            {
                var headline = IsHeadline(Transport.Tcp, payload, callers);
                cells.Add(new CellSpec(Transport.Tcp, payload, callers, headline ? 3 : 1, Breakdown: headline, Peers: payload == PeerPayload));
            }
        }

        return cells;
    }

    private static List<CellSpec> FullCells() =>
        [.. from transport in new[] { Transport.InProcess, Transport.Tcp }
            from payload in Payloads
            from callers in Concurrency
            let headline = IsHeadline(transport, payload, callers)
            select new CellSpec(
                transport, payload, callers, headline ? 5 : 3, Breakdown: payload == HeadlinePayload && callers is 1 or 64,
                Peers: transport == Transport.Tcp && payload == PeerPayload)];
}
