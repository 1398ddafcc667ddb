using System.Diagnostics;

namespace MochiOrleans.Benchmarks.Macro;

/// <summary>
/// Measures one-way calls. A one-way call completes at the sender once handed to the runtime, so a timed loop would
/// only measure how fast requests can be queued (and could queue without bound). Instead a fixed batch is sent by
/// <c>callers</c> loops and the clock stops when the silo has counted every delivery: throughput is delivered calls
/// per second, latency is each call's hand-off time.
/// </summary>
internal static class OneWayBatch
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(2);

    public static async Task RunAsync(
        Func<byte[], Task> send, Func<Task<long>> delivered, byte[] payload, int callers, int calls, ResourceMeter meter, Measurement? into)
    {
        var deliveredBefore = await delivered().ConfigureAwait(false);
        var before = meter.Read();
        var started = Stopwatch.GetTimestamp();
        var workers = new Task<LatencyLog>[callers];
        for (var i = 0; i < callers; i++)
        {
            var share = calls / callers + (i < calls % callers ? 1 : 0);
            workers[i] = Task.Run(() => CallerAsync(send, payload, share));
        }

        var logs = await Task.WhenAll(workers).ConfigureAwait(false);
        while (await delivered().ConfigureAwait(false) - deliveredBefore < calls)
        {
            if (Stopwatch.GetElapsedTime(started) > DeliveryTimeout)
            {
                throw new TimeoutException($"Only part of {calls} one-way calls arrived within {DeliveryTimeout}.");
            }

            await Task.Delay(PollInterval).ConfigureAwait(false);
        }

        var elapsed = Stopwatch.GetTimestamp() - started;
        into?.AddRound(calls, elapsed, logs, before, meter.Read());
    }

    private static async Task<LatencyLog> CallerAsync(Func<byte[], Task> send, byte[] payload, int count)
    {
        var log = new LatencyLog();
        for (var n = 0; n < count; n++)
        {
            var started = Stopwatch.GetTimestamp();
            await send(payload).ConfigureAwait(false);
            log.Add(Stopwatch.GetTimestamp() - started);
        }

        return log;
    }
}
