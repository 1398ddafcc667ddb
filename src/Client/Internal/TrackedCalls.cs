using System.Numerics;

namespace MochiOrleans.Internal;

/// <summary>
/// The calls in flight a <see cref="ProviderDepartureWatch"/> watches: every call joins on its way out and leaves when
/// answered, so joining and leaving must cost next to nothing. Each call's <see cref="CallDeadline"/> is itself the
/// list node (no entry object, no hash of the call), in one of a few lists chosen by thread so that callers on different
/// cores rarely take the same lock.
/// </summary>
internal sealed class TrackedCalls
{
    private readonly Shard[] _shards;

    public TrackedCalls()
    {
        _shards = new Shard[BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount * 2)];
        for (var i = 0; i < _shards.Length; i++)
        {
            _shards[i] = new Shard(this);
        }
    }

    /// <summary>Whether no call is tracked (a snapshot: calls may join at any time).</summary>
    public bool IsEmpty => Array.TrueForAll(_shards, shard => Volatile.Read(ref shard.Count) == 0);

    /// <summary>Tracks <paramref name="call"/> until <see cref="Remove"/>; a call is tracked at most once at a time.</summary>
    public void Add(CallDeadline call)
    {
        var shard = _shards[Environment.CurrentManagedThreadId & (_shards.Length - 1)];
        lock (shard.Gate)
        {
            call.TrackedIn = shard;
            call.NextTracked = shard.Head;
            if (shard.Head is { } head)
            {
                head.PreviousTracked = call;
            }

            shard.Head = call;
            shard.Count++;
        }
    }

    /// <summary>Stops tracking <paramref name="call"/>; nothing happens if it is not tracked here.</summary>
    public void Remove(CallDeadline call)
    {
        if (call.TrackedIn is not { } shard || shard.Owner != this)
        {
            return;
        }

        lock (shard.Gate)
        {
            if (call.TrackedIn != shard)
            {
                return;
            }

            if (call.PreviousTracked is { } previous)
            {
                previous.NextTracked = call.NextTracked;
            }
            else
            {
                shard.Head = call.NextTracked;
            }

            if (call.NextTracked is { } next)
            {
                next.PreviousTracked = call.PreviousTracked;
            }

            call.PreviousTracked = call.NextTracked = null;
            call.TrackedIn = null;
            shard.Count--;
        }
    }

    /// <summary>The tracked calls that satisfy <paramref name="due"/>, taken under each list's lock in turn.</summary>
    public List<CallDeadline> Where(Func<CallDeadline, bool> due)
    {
        var found = new List<CallDeadline>();
        foreach (var shard in _shards)
        {
            lock (shard.Gate)
            {
                for (var call = shard.Head; call is not null; call = call.NextTracked)
                {
                    if (due(call))
                    {
                        found.Add(call);
                    }
                }
            }
        }

        return found;
    }

    /// <summary>One list of tracked calls and the lock that guards it.</summary>
    internal sealed class Shard(TrackedCalls owner)
    {
        public readonly TrackedCalls Owner = owner;
        public readonly Lock Gate = new();
        public CallDeadline? Head;
        public int Count;
    }
}
