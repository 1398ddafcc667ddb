using System.Diagnostics;

namespace MochiOrleans.Benchmarks.Macro;

/// <summary>What one or more timed rounds of a cell produced: calls completed, time measured, and every call's latency.</summary>
internal sealed class Measurement
{
    private readonly List<long> _latencyTicks = [];
    private bool _allocationCounted = true;

    public long Calls { get; private set; }

    public double Seconds { get; private set; }

    public int Rounds { get; private set; }

    public double CallsPerSecond => Seconds > 0 ? Calls / Seconds : 0;

    public int Samples => _latencyTicks.Count;

    public TimeSpan ClientCpu { get; private set; }

    public TimeSpan SiloCpu { get; private set; }

    public long ClientAllocated { get; private set; }

    /// <summary>CPU microseconds per call of the calling process (in-process runs: caller and silo together).</summary>
    public double ClientCpuMicrosecondsPerCall => PerCall(ClientCpu.TotalMicroseconds);

    /// <summary>CPU microseconds per call of the silo process; 0 when the silo shares the caller's process.</summary>
    public double SiloCpuMicrosecondsPerCall => PerCall(SiloCpu.TotalMicroseconds);

    /// <summary>Bytes the calling process allocated per call; NaN when the runtime's counter went backwards.</summary>
    public double ClientAllocatedBytesPerCall => _allocationCounted ? PerCall(ClientAllocated) : double.NaN;

    public void AddRound(long calls, long elapsedTicks, IEnumerable<LatencyLog> logs, ResourceMeter.Reading before, ResourceMeter.Reading after)
    {
        ClientCpu += after.ClientCpu - before.ClientCpu;
        SiloCpu += after.SiloCpu - before.SiloCpu;
        ClientAllocated += after.ClientAllocated - before.ClientAllocated;

        // The process-wide allocation counter can step back when thread-pool threads retire: no number beats a wrong one.
        _allocationCounted &= after.ClientAllocated >= before.ClientAllocated;
        Calls += calls;
        Seconds += (double)elapsedTicks / Stopwatch.Frequency;
        Rounds++;
        foreach (var log in logs)
        {
            foreach (var ticks in log.Ticks)
            {
                _latencyTicks.Add(ticks);
            }
        }
    }

    private double PerCall(double total) => Calls > 0 ? total / Calls : double.NaN;

    /// <summary>The nearest-rank percentile of the call latencies, in microseconds.</summary>
    public double PercentileMicroseconds(double percentile)
    {
        if (_latencyTicks.Count == 0)
        {
            return double.NaN;
        }

        _latencyTicks.Sort();
        var rank = (int)Math.Ceiling(percentile / 100.0 * _latencyTicks.Count);
        return _latencyTicks[Math.Clamp(rank - 1, 0, _latencyTicks.Count - 1)] * 1_000_000.0 / Stopwatch.Frequency;
    }
}
