using MochiOrleans.Internal;

namespace MochiOrleans.Tests;

/// <summary>
/// The departure watch's list of calls in flight: calls join and leave from any thread, in any order, and a sweep sees
/// exactly those still in.
/// </summary>
public class TrackedCallsTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Calls_added_and_removed_from_many_threads_leave_exactly_those_not_removed()
    {
        var calls = new TrackedCalls();
        var deadlines = Enumerable.Range(0, 400).Select(_ => CallDeadline.Start(Long, CancellationToken.None)).ToArray();

        await Task.WhenAll(deadlines.Chunk(50).Select(chunk => Task.Run(() =>
        {
            foreach (var deadline in chunk)
            {
                calls.Add(deadline);
            }

            // Every other call ends, in reverse order, on the thread that started it.
            foreach (var deadline in chunk.Where((_, i) => i % 2 == 0).Reverse())
            {
                calls.Remove(deadline);
            }
        }))).WaitAsync(TimeSpan.FromSeconds(30));

        var left = calls.Where(_ => true);
        Assert.Equal(deadlines.Where((_, i) => i % 2 == 1).ToHashSet(), left.ToHashSet());
        Assert.Equal(left.Count, left.Distinct().Count());
        Assert.False(calls.IsEmpty);

        foreach (var deadline in left)
        {
            calls.Remove(deadline);
        }

        Assert.True(calls.IsEmpty);
        Assert.Empty(calls.Where(_ => true));
        Array.ForEach(deadlines, deadline => deadline.Dispose());
    }

    [Fact]
    public void Removing_a_call_that_is_not_tracked_or_tracked_by_another_list_changes_nothing()
    {
        var calls = new TrackedCalls();
        var other = new TrackedCalls();
        using var mine = CallDeadline.Start(Long, CancellationToken.None);
        using var theirs = CallDeadline.Start(Long, CancellationToken.None);
        using var stranger = CallDeadline.Start(Long, CancellationToken.None);
        calls.Add(mine);
        other.Add(theirs);

        calls.Remove(theirs);
        calls.Remove(stranger);
        calls.Remove(mine);
        calls.Remove(mine);

        Assert.True(calls.IsEmpty);
        Assert.Equal([theirs], other.Where(_ => true));
    }
}
