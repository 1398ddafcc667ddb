namespace MochiOrleans.Benchmarks.Macro;

/// <summary>One caller's per-call latencies in <see cref="System.Diagnostics.Stopwatch"/> ticks; never shared between threads.</summary>
internal sealed class LatencyLog
{
    private long[] _ticks = new long[1024];

    public int Count { get; private set; }

    public ReadOnlySpan<long> Ticks => _ticks.AsSpan(0, Count);

    public void Add(long ticks)
    {
        if (Count == _ticks.Length)
        {
            Array.Resize(ref _ticks, _ticks.Length * 2);
        }

        _ticks[Count++] = ticks;
    }
}
