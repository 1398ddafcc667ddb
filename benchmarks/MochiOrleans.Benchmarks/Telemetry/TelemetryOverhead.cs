using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using MochiOrleans.Benchmarks.Workload;

namespace MochiOrleans.Benchmarks.Telemetry;

/// <summary>
/// <c>--telemetry</c>: what the <c>MochiOrleans</c> activity source and meter cost per call. A server engine and a client
/// engine in this process call <c>bench_echo</c> over TCP from a few closed loops, in rounds that alternate between
/// nothing listening, a meter listener only (what the silo host's Prometheus endpoint adds), and a meter listener plus
/// an activity listener recording every span (what an OTLP exporter adds, minus its export). Alternating rounds spread
/// the machine's noise over every mode; the report gives each mode's median calls/s, its ratio to "off", and the
/// bytes allocated per call in this process (client and server both).
/// </summary>
internal static class TelemetryOverhead
{
    public const string Flag = "--telemetry";

    private const int Callers = 8;
    private const int Rounds = 5;
    private const int MaximumCallsPerCaller = 5_000_000;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(3);

    private enum Mode
    {
        Off,
        Metrics,
        MetricsAndSpans,
    }

    public static async Task<int> RunAsync()
    {
        await using var server = await Engine.StartAsync("tcp").WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        await server.RegisterProviderAsync(new EchoProvider(new DeliveryCounter()), EchoProvider.ProviderId).WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        await using var client = await Engine.StartAsync("tcp", EngineMode.Client).WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        var address = await client.LookupAsync(server.Address.ToString()).WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        var echo = client.Register(EchoProvider.EchoRpc).On(address, EchoProvider.ProviderId);
        var payload = new byte[16];

        var results = Enum.GetValues<Mode>().ToDictionary(m => m, _ => new List<(double CallsPerSecond, double BytesPerCall)>());
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var mode in Enum.GetValues<Mode>())
            {
                using var listening = Listen(mode);
                results[mode].Add(await MeasureAsync(echo, payload).ConfigureAwait(false));
            }
        }

        var off = Median(results[Mode.Off].Select(r => r.CallsPerSecond));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"telemetry overhead: {Callers} callers, 16-byte echo over TCP, {Rounds} rounds of {Window.TotalSeconds:0} s per mode, {Environment.ProcessorCount} cores"));
        Console.WriteLine("mode              calls/s (median)  vs off   bytes/call  rounds (calls/s)");
        foreach (var (mode, rounds) in results)
        {
            var median = Median(rounds.Select(r => r.CallsPerSecond));
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{mode,-17} {median,16:0}  {median / off,6:0.000}  {Median(rounds.Select(r => r.BytesPerCall)),10:0}  {string.Join(' ', rounds.Select(r => r.CallsPerSecond.ToString("0", CultureInfo.InvariantCulture)))}"));
        }

        return 0;
    }

    private static CompositeListener Listen(Mode mode)
    {
        if (mode == Mode.Off)
        {
            return new CompositeListener(null, null);
        }

        var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "MochiOrleans")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<double>(static (_, _, _, _) => { });
        meters.Start();

        ActivityListener? spans = null;
        if (mode == Mode.MetricsAndSpans)
        {
            spans = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "MochiOrleans",
                Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = static _ => { },
            };
            ActivitySource.AddActivityListener(spans);
        }

        return new CompositeListener(meters, spans);
    }

    private static async Task<(double CallsPerSecond, double BytesPerCall)> MeasureAsync(CallableRemoteFunction echo, byte[] payload)
    {
        long measureFrom = long.MaxValue, measureTo = long.MaxValue;
        async Task<long> CallerAsync()
        {
            long counted = 0;
            for (var i = 0; i < MaximumCallsPerCaller; i++)
            {
                await echo.CallAsync<byte[]>(payload).ConfigureAwait(false);
                var now = Stopwatch.GetTimestamp();
                if (now >= Volatile.Read(ref measureTo))
                {
                    break;
                }

                if (now >= Volatile.Read(ref measureFrom))
                {
                    counted++;
                }
            }

            return counted;
        }

        var callers = Enumerable.Range(0, Callers).Select(_ => Task.Run(CallerAsync)).ToArray();
        await Task.Delay(Warmup).ConfigureAwait(false);
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var from = Stopwatch.GetTimestamp();
        Volatile.Write(ref measureTo, from + (long)(Window.TotalSeconds * Stopwatch.Frequency));
        Volatile.Write(ref measureFrom, from);
        await Task.Delay(Window).ConfigureAwait(false);
        var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        var calls = (await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false)).Sum();
        return (calls / Window.TotalSeconds, calls == 0 ? 0 : (double)allocated / calls);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }

    private sealed class CompositeListener(MeterListener? meters, ActivityListener? spans) : IDisposable
    {
        public void Dispose()
        {
            meters?.Dispose();
            spans?.Dispose();
        }
    }
}
