using MochiOrleans.Internal;

namespace MochiOrleans.Tests;

/// <summary>
/// A call nobody else can cancel reuses a finished call's cancellation source for its deadline: the reuse must never
/// let one call's deadline or abandonment reach another call.
/// </summary>
public class CallDeadlineTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    [Fact]
    public void A_call_the_caller_cannot_cancel_reuses_the_source_of_a_call_that_ended_before_its_deadline()
    {
        var pool = new DeadlineSourcePool();
        var first = CallDeadline.Start(Long, pool, CancellationToken.None);
        var token = first.Token;
        first.Dispose();

        using var second = CallDeadline.Start(Long, pool, CancellationToken.None);

        Assert.Equal(token, second.Token);
        Assert.False(second.Token.IsCancellationRequested);
    }

    [Fact]
    public void Abandoning_a_call_that_already_ended_does_not_cancel_the_call_now_using_its_source()
    {
        var pool = new DeadlineSourcePool();
        var first = CallDeadline.Start(Long, pool, CancellationToken.None);
        first.Dispose();
        using var second = CallDeadline.Start(Long, pool, CancellationToken.None);

        first.Abandon();

        Assert.False(second.Token.IsCancellationRequested);
    }

    [Fact]
    public async Task A_reused_source_still_cancels_its_new_call_at_that_call_s_deadline()
    {
        var pool = new DeadlineSourcePool();
        CallDeadline.Start(Long, pool, CancellationToken.None).Dispose();
        using var second = CallDeadline.Start(TimeSpan.FromMilliseconds(50), pool, CancellationToken.None);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Delay(Timeout.Infinite, second.Token).WithDeadline());

        Assert.True(second.Expired);
    }

    [Fact]
    public async Task A_source_whose_deadline_passed_is_not_reused()
    {
        var pool = new DeadlineSourcePool();
        var first = CallDeadline.Start(TimeSpan.FromMilliseconds(10), pool, CancellationToken.None);
        var token = first.Token;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Delay(Timeout.Infinite, token).WithDeadline());
        first.Dispose();

        using var second = CallDeadline.Start(Long, pool, CancellationToken.None);

        Assert.NotEqual(token, second.Token);
        Assert.False(second.Token.IsCancellationRequested);
    }

    [Fact]
    public void A_caller_s_own_token_gets_a_linked_source_that_is_never_pooled()
    {
        var pool = new DeadlineSourcePool();
        using var caller = new CancellationTokenSource();
        var first = CallDeadline.Start(Long, pool, caller.Token);
        var token = first.Token;
        first.Dispose();

        using var second = CallDeadline.Start(Long, pool, CancellationToken.None);
        caller.Cancel();

        Assert.NotEqual(token, second.Token);
        Assert.False(second.Token.IsCancellationRequested);
    }
}
