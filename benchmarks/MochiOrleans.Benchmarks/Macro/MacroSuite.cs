using System.Diagnostics;
using System.Globalization;
using MochiOrleans.Benchmarks.Hosting;
using MochiOrleans.Benchmarks.Peers;
using MochiOrleans.Testing;

namespace MochiOrleans.Benchmarks.Macro;

/// <summary>
/// The end-to-end run: for each cell of the matrix, facade and raw answered calls, then facade and raw one-way calls;
/// first with the caller inside the silo process, then from an external client over TCP loopback.
/// </summary>
internal static class MacroSuite
{
    private static readonly CallMode[] Answered = [CallMode.Raw, CallMode.Facade, CallMode.Proxy];
    private static readonly CallMode[] AnsweredWithBreakdown =
        [CallMode.Raw, CallMode.Envelope, CallMode.EnvelopeWithToken, CallMode.ProviderDirect, CallMode.RawRelay, CallMode.Facade, CallMode.Proxy, CallMode.EmittedProxy];
    private static readonly CallMode[] OneWay = [CallMode.RawOneWay, CallMode.FacadeOneWay];
    private static readonly CallMode[] PeerModes = [CallMode.Grpc, CallMode.FacadeTls];

    // Measured in every round of a cell; the breakdown's intermediate calls only in the first.
    private static readonly CallMode[] Compared = [CallMode.Raw, CallMode.Facade, CallMode.Proxy, CallMode.Grpc, CallMode.FacadeTls];
    private static readonly TimeSpan PrimeTime = TimeSpan.FromMilliseconds(400);
    private const int PrimeCallers = 16;
    private const int PrimeOneWayCalls = 5_000;

    public static async Task<int> RunAsync(BenchSettings settings)
    {
        var clock = Stopwatch.StartNew();
        var machine = MachineInfo.Collect();
        Console.WriteLine($"MochiOrleans benchmark ({(settings.Quick ? "quick" : "full")}{(settings.Tls ? ", TLS over TCP" : "")}) on {machine}");
        var results = new List<CellResult>();

        var inProcess = settings.Cells.Where(c => c.Transport == Transport.InProcess).ToList();
        if (inProcess.Count > 0)
        {
            await using var silo = await BenchSilo.StartAsync(CancellationToken.None).ConfigureAwait(false);
            var targets = await EchoTargets.CreateAsync(silo.Engine, silo.Engine.Address.ToString(), silo.Grains).ConfigureAwait(false);
            var meter = new ResourceMeter();
            await MeasureAsync(targets, _ => meter, inProcess, settings, results).ConfigureAwait(false);
        }

        var tcp = settings.Cells.Where(c => c.Transport == Transport.Tcp).ToList();
        if (tcp.Count > 0)
        {
            using var authority = settings.Tls ? TestCertificateAuthority.Create("bench") : null;
            var tls = authority is null ? null : BenchTls.Issue(authority);
            await using var server = await SiloProcess.StartAsync(tls).ConfigureAwait(false);
            await using var client = await BenchClient.ConnectAsync(server.GatewayPort, CancellationToken.None, tls).ConfigureAwait(false);
            await using var peers = await PeerTargets.StartAsync(tcp.SelectMany(c => AnsweredAt(c, settings)).Where(PeerModes.Contains).ToHashSet())
                .ConfigureAwait(false);
            var targets = await EchoTargets.CreateAsync(client.Engine, server.EngineAddress, client.Grains, peers).ConfigureAwait(false);
            using var siloProcess = Process.GetProcessById(server.ProcessId);
            var meter = new ResourceMeter(siloProcess);
            var peerMeters = PeerModes.ToDictionary(m => m, m => peers.ServerOf(m) is { } process ? new ResourceMeter(process) : meter);
            await MeasureAsync(targets, mode => peerMeters.GetValueOrDefault(mode, meter), tcp, settings, results).ConfigureAwait(false);
        }

        var headline = ResultReport.Headline(results);
        await ResultReport.WriteJsonAsync(settings, machine, results, headline, clock.Elapsed).ConfigureAwait(false);
        Console.WriteLine();
        Console.Write(ResultReport.Table(results));
        Console.WriteLine();
        Console.Write(ResultReport.BreakdownTable(results));
        Console.WriteLine();
        Console.Write(ResultReport.PeerTable(results));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"results: {settings.OutputPath} ({clock.Elapsed.TotalSeconds:F0} s)"));
        Console.WriteLine(ResultReport.HeadlineLines(headline));
        Console.Write(ResultReport.ProxyLines(results));
        return 0;
    }

    // The answered calls measured at a cell. With --tls the plain facade already runs over TLS: no separate TLS peer.
    private static CallMode[] AnsweredAt(CellSpec cell, BenchSettings settings) =>
        [.. (cell.Breakdown ? AnsweredWithBreakdown : Answered).Concat(cell.Peers ? PeerModes : [])
            .Where(m => settings.Measures(m) && !(m == CallMode.FacadeTls && settings.Tls))];

    private static async Task MeasureAsync(
        EchoTargets targets, Func<CallMode, ResourceMeter> meter, List<CellSpec> cells, BenchSettings settings, List<CellResult> results)
    {
        await PrimeAsync(targets, meter, cells, settings).ConfigureAwait(false);
        foreach (var cell in cells)
        {
            var payload = new byte[cell.PayloadBytes];
            Random.Shared.NextBytes(payload);
            await targets.VerifyAsync(payload).ConfigureAwait(false);
            var answered = AnsweredAt(cell, settings);
            var oneWay = OneWay.Where(settings.Measures).ToArray();
            var measured = new Dictionary<CallMode, Measurement>();
            foreach (var mode in answered.Concat(oneWay))
            {
                measured[mode] = new Measurement();
            }

            // Alternating which side goes first keeps drift on a shared machine from favouring either. The breakdown's
            // intermediate calls are measured in the first round only: they explain, the headline compares.
            for (var round = 0; round < cell.Rounds; round++)
            {
                foreach (var mode in InRoundOrder(round == 0 ? answered : [.. answered.Where(Compared.Contains)], round))
                {
                    Settle();
                    await ClosedLoop.RunAsync(targets.For(mode), payload, cell.Callers, settings, meter(mode), measured[mode]).ConfigureAwait(false);
                }
            }

            var answeredRate = answered.Length > 0 ? measured[answered[0]].CallsPerSecond : 10_000;
            var batch = OneWayBatchSize(cell, answeredRate, settings);
            foreach (var mode in oneWay)
            {
                await OneWayBatch.RunAsync(targets.For(mode), targets.DeliveredAsync, payload, cell.Callers, Math.Max(cell.Callers, batch / 4), meter(mode), into: null)
                    .ConfigureAwait(false);
            }

            for (var round = 0; round < cell.Rounds; round++)
            {
                foreach (var mode in InRoundOrder(oneWay, round))
                {
                    Settle();
                    await OneWayBatch.RunAsync(targets.For(mode), targets.DeliveredAsync, payload, cell.Callers, batch, meter(mode), measured[mode]).ConfigureAwait(false);
                }
            }

            foreach (var (mode, measurement) in measured)
            {
                results.Add(CellResult.From(cell, mode, measurement));
            }

            var progress = measured.Select(m => string.Create(
                CultureInfo.InvariantCulture, $"  {m.Key} {m.Value.CallsPerSecond:F0}/s p50 {m.Value.PercentileMicroseconds(50):F1} µs"));
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"  {cell.Transport,-9} {BenchSettings.FormatBytes(cell.PayloadBytes),7} x{cell.Callers,-3}{string.Concat(progress)}"));
        }
    }

    // Tiered compilation replaces hot code with optimised code only a while after it starts running: every path is run
    // once, untimed, so that the first cells are not measured on unoptimised code and the last ones on optimised code.
    private static async Task PrimeAsync(EchoTargets targets, Func<CallMode, ResourceMeter> meter, List<CellSpec> cells, BenchSettings settings)
    {
        var payload = new byte[BenchSettings.HeadlinePayload];
        var priming = settings with { Warmup = PrimeTime, Window = TimeSpan.FromMilliseconds(50), WindowInLatencies = 1 };
        var answered = cells.SelectMany(c => AnsweredAt(c, settings)).Distinct();
        foreach (var mode in answered)
        {
            await ClosedLoop.RunAsync(targets.For(mode), payload, PrimeCallers, priming, meter(mode), new Measurement()).ConfigureAwait(false);
        }

        foreach (var mode in OneWay.Where(settings.Measures))
        {
            await OneWayBatch.RunAsync(targets.For(mode), targets.DeliveredAsync, payload, PrimeCallers, PrimeOneWayCalls, meter(mode), into: null)
                .ConfigureAwait(false);
        }
    }

    private static IEnumerable<CallMode> InRoundOrder(CallMode[] modes, int round) => round % 2 == 0 ? modes : modes.Reverse();

    // A one-way batch sized to take about the target time at the answered rate, within the memory budget.
    private static int OneWayBatchSize(CellSpec cell, double answeredPerSecond, BenchSettings settings)
    {
        var wanted = (long)(answeredPerSecond * settings.OneWayTarget.TotalSeconds);
        var budget = Math.Min(BenchSettings.OneWayByteBudget / cell.PayloadBytes, BenchSettings.OneWayMaximumCalls);
        return (int)Math.Max(cell.Callers, Math.Min(Math.Max(wanted, 32), budget));
    }

    // Garbage from the previous measurement is collected before the next one starts, not during it.
    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }
}
