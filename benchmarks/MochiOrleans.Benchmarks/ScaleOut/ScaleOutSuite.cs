using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MochiOrleans.Benchmarks.Hosting;
using MochiOrleans.Benchmarks.Macro;
using MochiOrleans.Testing;

namespace MochiOrleans.Benchmarks.ScaleOut;

/// <summary>
/// <c>--scale-out</c>: what clustering costs. For 1, 2 and 3 silo processes on Redis membership (127.0.0.1, started
/// and stopped by this run), one external client that finds the gateways in Redis calls
/// <see cref="VirtualProviders"/> virtual echo providers round robin (facade) and as many typed echo grains (raw),
/// 16 B, closed loop, and reports calls/s per silo count.
/// </summary>
/// <remarks>
/// A virtual provider activates on the silo whose gateway first receives a call for it, and the client spreads
/// grains over its gateways by grain id: with n silos the providers land on all of them, and each silo forwards the
/// calls for the others' providers. On one machine the silos share its cores, so this measures the cost of the extra
/// processes and hops, not the capacity a cluster of machines would add.
/// </remarks>
internal static class ScaleOutSuite
{
    public const string Flag = "--scale-out";

    /// <summary>Divisible by every silo count, so that an even spread is possible.</summary>
    public const int VirtualProviders = 12;

    public const int HeadlineCallers = 64;

    private static readonly int[] SiloCounts = [1, 2, 3];
    private static readonly string[] Modes = ["facade", "raw"];
    private static readonly TimeSpan PrimeTime = TimeSpan.FromMilliseconds(400);
    private const int PrimeCallers = 16;
    private const int Payload = 16;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static async Task<int> RunAsync(string[] args)
    {
        var clock = Stopwatch.StartNew();
        var settings = BenchSettings.Parse(args);
        var outIndex = Array.IndexOf(args, "--out");
        var output = outIndex >= 0 && outIndex + 1 < args.Length
            ? settings.OutputPath
            : Path.Combine(Repository.PathOf(BenchSettings.DefaultOutputDirectory), settings.Quick ? "scale-out-quick.json" : "scale-out-full.json");
        int[] callerCounts = settings.Quick ? [1, HeadlineCallers] : [1, HeadlineCallers, 256];
        var rounds = settings.Quick ? 2 : 3;
        var machine = MachineInfo.Collect();
        Console.WriteLine($"MochiOrleans scale-out benchmark ({(settings.Quick ? "quick" : "full")}) on {machine}");

        var results = new List<ScaleOutResult>();
        await using var redis = await RedisMembership.StartAsync(args).ConfigureAwait(false);
        Console.WriteLine($"  membership: Redis at {redis.ConnectionString}{(redis.Owned ? " (started by this run)" : "")}");
        foreach (var silos in SiloCounts)
        {
            results.AddRange(await MeasureClusterAsync(redis, silos, callerCounts, rounds, settings).ConfigureAwait(false));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await using (var file = File.Create(output))
        {
            var document = new
            {
                GeneratedUtc = DateTime.UtcNow,
                Mode = settings.Quick ? "quick" : "full",
                Machine = machine,
                VirtualProviders,
                PayloadBytes = Payload,
                Rounds = rounds,
                ElapsedSeconds = clock.Elapsed.TotalSeconds,
                Results = results,
            };
            await JsonSerializer.SerializeAsync(file, document, Json).ConfigureAwait(false);
        }

        Console.WriteLine();
        Console.Write(Table(results));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"results: {output} ({clock.Elapsed.TotalSeconds:F0} s)"));
        foreach (var mode in Modes)
        {
            Console.WriteLine(HeadlineLine(results, mode));
        }

        return 0;
    }

    private static async Task<List<ScaleOutResult>> MeasureClusterAsync(
        RedisMembership redis, int siloCount, int[] callerCounts, int rounds, BenchSettings settings)
    {
        // A fresh cluster id per silo count: no member of the previous cluster is in this one's membership table.
        var cluster = new BenchCluster(redis.ConnectionString, $"mochi-bench-scale-{siloCount}-{Guid.NewGuid():N}", VirtualProviders);
        var silos = new List<SiloProcess>();
        var processes = new List<Process>();
        try
        {
            // One at a time: each joins a cluster whose earlier members are already active.
            for (var i = 0; i < siloCount; i++)
            {
                var silo = await SiloProcess.StartAsync(cluster: cluster).ConfigureAwait(false);
                silos.Add(silo);
                processes.Add(Process.GetProcessById(silo.ProcessId));
            }

            await using var client = await BenchClient.ConnectToClusterAsync(cluster, CancellationToken.None).ConfigureAwait(false);
            var targets = await ScaleOutTargets.CreateAsync(client.Engine, silos[0].EngineAddress, client.Grains, VirtualProviders).ConfigureAwait(false);
            var placement = await targets.ProcessIdsAsync().ConfigureAwait(false);
            var providersPerSilo = processes.Select(p => placement.Count(id => id == p.Id)).ToArray();
            Console.WriteLine($"  {siloCount} silo(s): virtual providers per silo {string.Join('/', providersPerSilo)}");

            var payload = new byte[Payload];
            Random.Shared.NextBytes(payload);
            await targets.VerifyAsync(payload).ConfigureAwait(false);
            var meter = new ResourceMeter([.. processes]);
            var priming = settings with { Warmup = PrimeTime, Window = TimeSpan.FromMilliseconds(50), WindowInLatencies = 1 };
            foreach (var mode in Modes)
            {
                await ClosedLoop.RunAsync(For(targets, mode), payload, PrimeCallers, priming, meter, new Measurement()).ConfigureAwait(false);
            }

            var results = new List<ScaleOutResult>();
            foreach (var callers in callerCounts)
            {
                var measured = Modes.ToDictionary(m => m, _ => new Measurement());
                for (var round = 0; round < rounds; round++)
                {
                    // Alternating which goes first keeps drift on a shared machine from favouring either.
                    foreach (var mode in round % 2 == 0 ? Modes : Modes.Reverse())
                    {
                        GC.Collect();
                        GC.WaitForPendingFinalizers();
                        await ClosedLoop.RunAsync(For(targets, mode), payload, callers, settings, meter, measured[mode]).ConfigureAwait(false);
                    }
                }

                foreach (var (mode, m) in measured)
                {
                    results.Add(new ScaleOutResult(
                        siloCount,
                        mode,
                        callers,
                        m.CallsPerSecond,
                        m.PercentileMicroseconds(50),
                        m.PercentileMicroseconds(99),
                        m.ClientCpuMicrosecondsPerCall,
                        m.SiloCpuMicrosecondsPerCall,
                        mode == "facade" ? providersPerSilo : []));
                }

                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"  {siloCount} silo(s) x{callers,-3}{string.Concat(measured.Select(m => $"  {m.Key} {m.Value.CallsPerSecond:F0}/s p50 {m.Value.PercentileMicroseconds(50):F1} µs"))}"));
            }

            return results;
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Dispose();
            }

            // Stopped together: each leaves the cluster gracefully, or is killed after its grace period.
            await Task.WhenAll(silos.Select(s => s.DisposeAsync().AsTask())).ConfigureAwait(false);
        }
    }

    private static Func<byte[], Task> For(ScaleOutTargets targets, string mode) => mode == "facade" ? targets.Facade : targets.Raw;

    private static string Table(List<ScaleOutResult> results)
    {
        var text = new StringBuilder();
        text.Append("| silos | callers | call | calls/s | vs 1 silo | p50 µs | p99 µs | client CPU µs/call | silos' CPU µs/call | providers per silo |\n");
        text.Append("|---:|---:|---|---:|---:|---:|---:|---:|---:|---|\n");
        foreach (var result in results.OrderBy(r => r.Callers).ThenBy(r => r.Mode, StringComparer.Ordinal).ThenBy(r => r.Silos))
        {
            var single = results.SingleOrDefault(r => r.Silos == 1 && r.Mode == result.Mode && r.Callers == result.Callers);
            text.Append(string.Create(
                CultureInfo.InvariantCulture,
                $"| {result.Silos} | {result.Callers} | {result.Mode} | {result.CallsPerSecond:F0} | {result.CallsPerSecond / single?.CallsPerSecond:F2} " +
                $"| {result.P50Microseconds:F0} | {result.P99Microseconds:F0} | {result.ClientCpuMicrosecondsPerCall:F1} | {result.SiloCpuMicrosecondsPerCall:F1} " +
                $"| {(result.ProvidersPerSilo.Count > 0 ? string.Join('/', result.ProvidersPerSilo) : "Orleans placement")} |\n"));
        }

        return text.ToString();
    }

    private static string HeadlineLine(List<ScaleOutResult> results, string mode)
    {
        var rates = SiloCounts.Select(n => results.SingleOrDefault(r => r.Silos == n && r.Mode == mode && r.Callers == HeadlineCallers)?.CallsPerSecond ?? double.NaN);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"scale-out {mode} calls/s at {HeadlineCallers} callers, 16 B, 1/2/3 silos: {string.Join(" / ", rates.Select(r => r.ToString("F0", CultureInfo.InvariantCulture)))}");
    }
}
