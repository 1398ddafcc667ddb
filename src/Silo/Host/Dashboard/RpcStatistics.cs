using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MochiOrleans.Internal;

namespace MochiOrleans.Silo.Host.Dashboard;

/// <summary>
/// Tallies the <c>MochiOrleans</c> meter's duration histograms per RPC, provider and side, in this process, for the
/// per-RPC page. A <see cref="MeterListener"/> rather than an OpenTelemetry reader: the page needs the running totals
/// of this silo only, and the host's exporters stay as they are whether the dashboard is on or off.
/// </summary>
internal sealed class RpcStatistics : IHostedService, IDisposable
{
    /// <summary>The window of <see cref="RpcSummary.RecentRate"/>.</summary>
    public const int RecentWindowSeconds = 10;

    /// <summary>
    /// The most rows kept; calls of further RPCs are tallied in one <see cref="OtherRpcs"/> row per side, so that
    /// callers sending ever new RPC names (unknown ones reach the provider grain too) cannot grow the silo's memory.
    /// </summary>
    public const int MaxRows = 1000;

    /// <summary>The RPC name of the row that tallies RPCs beyond <see cref="MaxRows"/>.</summary>
    public const string OtherRpcs = "(other RPCs)";

    private const string ServerSide = "server";
    private const string ClientSide = "client";

    // The advice MochiTelemetry gives its histograms, for a meter that gives none.
    private static readonly double[] DefaultBoundaries =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly TimeProvider _time;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Side, string Rpc, int ProviderId), Tally> _tallies = new();

    public RpcStatistics(TimeProvider time)
    {
        _time = time;
        Since = time.GetUtcNow();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // Matched by name, as exporters match them: the meter from the silo's IMeterFactory and the process-wide one alike.
            if (instrument.Meter.Name == MochiTelemetry.Name && instrument is Histogram<double>)
            {
                var side = instrument.Name switch
                {
                    MochiTelemetry.ServerDurationName => ServerSide,
                    MochiTelemetry.ClientDurationName => ClientSide,
                    _ => null,
                };
                if (side is not null)
                {
                    listener.EnableMeasurementEvents(instrument, side);
                }
            }
        };
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
    }

    /// <summary>When the tallies started.</summary>
    public DateTimeOffset Since { get; }

    /// <summary>Every RPC seen so far: server side first, then by RPC name and provider id.</summary>
    public IReadOnlyList<RpcSummary> Snapshot()
    {
        var second = _time.GetUtcNow().ToUnixTimeSeconds();
        return [.. _tallies
            .Select(pair => pair.Value.Summarize(pair.Key.Side, pair.Key.Rpc, pair.Key.ProviderId, second))
            .OrderBy(s => s.Side == ServerSide ? 0 : 1)
            .ThenBy(s => s.Rpc, StringComparer.Ordinal)
            .ThenBy(s => s.ProviderId)];
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        string? rpc = null;
        string? error = null;
        var providerId = -1;
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case MochiTelemetry.RpcMethodTag:
                    rpc = tag.Value as string;
                    break;
                case MochiTelemetry.ProviderIdTag when tag.Value is int id:
                    providerId = id;
                    break;
                case MochiTelemetry.ErrorTypeTag:
                    error = tag.Value as string;
                    break;
            }
        }

        if (rpc is null || state is not string side)
        {
            return;
        }

        var key = (side, rpc, providerId);
        if (!_tallies.TryGetValue(key, out var tally))
        {
            if (_tallies.Count >= MaxRows)
            {
                key = (side, OtherRpcs, -1);
            }

            var boundaries = (instrument as Histogram<double>)?.Advice?.HistogramBucketBoundaries ?? DefaultBoundaries;
            tally = _tallies.GetOrAdd(key, static (_, b) => new Tally(b), boundaries);
        }

        tally.Record(seconds, error, _time.GetUtcNow().ToUnixTimeSeconds());
    }

    /// <summary>One row's running totals; a lock each, as calls of one RPC arrive on many threads.</summary>
    private sealed class Tally(IReadOnlyList<double> boundaries)
    {
        private readonly Lock _lock = new();
        private readonly IReadOnlyList<double> _boundaries = boundaries;
        private readonly long[] _buckets = new long[boundaries.Count + 1];
        private readonly long[] _recentSeconds = new long[RecentWindowSeconds];
        private readonly long[] _recentCalls = new long[RecentWindowSeconds];
        private readonly Dictionary<string, long> _failures = new(StringComparer.Ordinal);
        private long _calls;
        private double _totalSeconds;
        private double _maxSeconds;

        public void Record(double seconds, string? error, long second)
        {
            lock (_lock)
            {
                _calls++;
                _totalSeconds += seconds;
                _maxSeconds = Math.Max(_maxSeconds, seconds);
                _buckets[Bucket(seconds)]++;
                if (error is not null)
                {
                    _failures[error] = _failures.GetValueOrDefault(error) + 1;
                }

                var slot = (int)(second % RecentWindowSeconds);
                if (_recentSeconds[slot] != second)
                {
                    _recentSeconds[slot] = second;
                    _recentCalls[slot] = 0;
                }

                _recentCalls[slot]++;
            }
        }

        public RpcSummary Summarize(string side, string rpc, int providerId, long second)
        {
            lock (_lock)
            {
                long recent = 0;
                for (var i = 0; i < RecentWindowSeconds; i++)
                {
                    if (second - _recentSeconds[i] < RecentWindowSeconds)
                    {
                        recent += _recentCalls[i];
                    }
                }

                return new RpcSummary(
                    side,
                    rpc,
                    providerId,
                    _calls,
                    [.. _failures.OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal)],
                    (double)recent / RecentWindowSeconds,
                    Seconds(_calls == 0 ? 0 : _totalSeconds / _calls),
                    Seconds(Quantile(0.5)),
                    Seconds(Quantile(0.99)),
                    Seconds(_maxSeconds));
            }
        }

        private int Bucket(double seconds)
        {
            // Buckets are (previous, boundary], as Prometheus' "le" reads.
            var i = 0;
            while (i < _boundaries.Count && seconds > _boundaries[i])
            {
                i++;
            }

            return i;
        }

        private double Quantile(double q)
        {
            var rank = (long)Math.Ceiling(q * _calls);
            long seen = 0;
            for (var i = 0; i < _boundaries.Count; i++)
            {
                seen += _buckets[i];
                if (seen >= rank)
                {
                    // Never above the longest call actually seen.
                    return Math.Min(_boundaries[i], _maxSeconds);
                }
            }

            return _maxSeconds;
        }

        private static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(seconds);
    }
}
