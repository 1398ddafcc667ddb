using System.Collections.Concurrent;

namespace MochiOrleans.Internal;

/// <summary>
/// The cancellation sources of finished calls, reset and kept for the next calls' deadlines: a call its caller cannot
/// cancel then allocates neither a source nor the timer behind its deadline.
/// </summary>
/// <remarks>
/// Only a source that was never cancelled and whose timer cannot have fired is kept (see <see cref="CallDeadline"/>);
/// <see cref="CancellationTokenSource.TryReset"/> drops whatever registrations the finished call left behind.
/// </remarks>
internal sealed class DeadlineSourcePool
{
    /// <summary>More sources than calls in flight are never needed at once; beyond this many, finished ones are dropped.</summary>
    private const int Capacity = 1024;

    private readonly ConcurrentQueue<CancellationTokenSource> _sources = new();
    private int _count;

    /// <summary>A source that is not cancelled and has no timer running.</summary>
    public CancellationTokenSource Rent()
    {
        if (_sources.TryDequeue(out var source))
        {
            Interlocked.Decrement(ref _count);
            return source;
        }

        return new CancellationTokenSource();
    }

    /// <summary>Keeps <paramref name="source"/> for another call if it can be reset; disposes it otherwise.</summary>
    public void Return(CancellationTokenSource source)
    {
        if (Interlocked.Increment(ref _count) <= Capacity && source.TryReset())
        {
            _sources.Enqueue(source);
            return;
        }

        Interlocked.Decrement(ref _count);
        source.Dispose();
    }
}
