namespace MochiOrleans.Tests.Infrastructure;

/// <summary>
/// Every wait in these tests has a deadline, so that a broken feature fails a test instead of hanging the run.
/// The deadline bounds a wait; it never asserts how fast something is.
/// </summary>
internal static class Deadline
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    public static Task WithDeadline(this Task task, TimeSpan? deadline = null) => task.WaitAsync(deadline ?? Default);

    public static Task<T> WithDeadline<T>(this Task<T> task, TimeSpan? deadline = null) => task.WaitAsync(deadline ?? Default);

    public static Task<T> WithDeadline<T>(this ValueTask<T> task, TimeSpan? deadline = null) => task.AsTask().WaitAsync(deadline ?? Default);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> at the deadline.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? deadline = null)
    {
        var end = DateTime.UtcNow + (deadline ?? Default);
        while (!await condition().WithDeadline())
        {
            if (DateTime.UtcNow > end)
            {
                throw new TimeoutException($"Gave up waiting until {what}.");
            }

            await Task.Delay(50);
        }
    }

    /// <inheritdoc cref="UntilAsync(Func{Task{bool}}, string, TimeSpan?)"/>
    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? deadline = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, deadline);
}
