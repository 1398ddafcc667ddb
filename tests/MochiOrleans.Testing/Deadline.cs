namespace MochiOrleans.Testing;

/// <summary>
/// Every wait in the tests and benchmarks has a deadline, so that a broken feature fails a test instead of hanging the
/// run. The deadline bounds a wait; it never asserts how fast something is.
/// </summary>
public static class Deadline
{
    /// <summary>The deadline of a wait that names none: generous, as the machine may be busy.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    /// <summary>Waits for <paramref name="task"/>; a <see cref="TimeoutException"/> at the deadline.</summary>
    public static Task WithDeadline(this Task task, TimeSpan? deadline = null) => task.WaitAsync(deadline ?? Default);

    /// <inheritdoc cref="WithDeadline(Task, TimeSpan?)"/>
    public static Task<T> WithDeadline<T>(this Task<T> task, TimeSpan? deadline = null) => task.WaitAsync(deadline ?? Default);

    /// <inheritdoc cref="WithDeadline(Task, TimeSpan?)"/>
    public static Task WithDeadline(this ValueTask task, TimeSpan? deadline = null) => task.AsTask().WaitAsync(deadline ?? Default);

    /// <inheritdoc cref="WithDeadline(Task, TimeSpan?)"/>
    public static Task<T> WithDeadline<T>(this ValueTask<T> task, TimeSpan? deadline = null) => task.AsTask().WaitAsync(deadline ?? Default);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> at the deadline.</summary>
    /// <param name="condition">Asked every 50 ms; each answer is itself awaited with the default deadline.</param>
    /// <param name="what">What is awaited, for the failure message.</param>
    /// <param name="deadline">How long to keep asking; <see cref="Default"/> when null.</param>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? deadline = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
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
