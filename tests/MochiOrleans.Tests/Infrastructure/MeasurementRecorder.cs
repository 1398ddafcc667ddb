using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace MochiOrleans.Tests.Infrastructure;

/// <summary>
/// Listens to every instrument of the <c>MochiOrleans</c> meters (one per DI container, plus the shared one) and keeps
/// what they record. Tests run in parallel in one process, so a test reads only its own provider id's measurements.
/// </summary>
internal sealed class MeasurementRecorder : IDisposable
{
    private readonly ConcurrentQueue<Recorded> _recorded = new();
    private readonly MeterListener _listener = new();

    public MeasurementRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "MochiOrleans")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
            _recorded.Enqueue(new Recorded(instrument.Name, instrument.Unit, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        _listener.Start();
    }

    /// <summary>Waits until <paramref name="instrument"/> has recorded <paramref name="count"/> values for <paramref name="providerId"/>.</summary>
    public async Task<IReadOnlyList<Recorded>> WaitForAsync(string instrument, ushort providerId, int count)
    {
        List<Recorded> found = [];
        await Deadline.UntilAsync(
            () =>
            {
                found = [.. _recorded.Where(r => r.Instrument == instrument && Equals(r.Tags.GetValueOrDefault("mochi.provider_id"), (int)providerId))];
                return Task.FromResult(found.Count >= count);
            },
            $"{count} {instrument} values for provider id {providerId}");
        return found;
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>One recorded value with its instrument and tags.</summary>
    internal sealed record Recorded(string Instrument, string? Unit, double Value, Dictionary<string, object?> Tags);
}
