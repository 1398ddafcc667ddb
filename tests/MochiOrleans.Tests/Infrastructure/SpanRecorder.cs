using System.Collections.Concurrent;
using System.Diagnostics;

namespace MochiOrleans.Tests.Infrastructure;

/// <summary>
/// Listens to the <c>MochiOrleans</c> activity source and keeps the spans that end. Tests run in parallel in one
/// process, so a test reads only the spans of its own trace.
/// </summary>
internal sealed class SpanRecorder : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public SpanRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "MochiOrleans",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Waits until <paramref name="count"/> spans of <paramref name="traceId"/> have ended, and returns them.</summary>
    public async Task<IReadOnlyList<Activity>> WaitForAsync(ActivityTraceId traceId, int count)
    {
        List<Activity> spans = [];
        await Deadline.UntilAsync(
            () =>
            {
                spans = [.. _stopped.Where(a => a.TraceId == traceId)];
                return Task.FromResult(spans.Count >= count);
            },
            $"{count} MochiOrleans spans of trace {traceId} ended");
        return spans;
    }

    public void Dispose() => _listener.Dispose();
}
