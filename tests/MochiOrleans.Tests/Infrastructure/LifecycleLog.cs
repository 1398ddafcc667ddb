using System.Collections.Concurrent;

namespace MochiOrleans.Tests.Infrastructure;

/// <summary>What lifecycle callbacks and hooks did, in the order they did it.</summary>
public sealed class LifecycleLog
{
    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyList<string> Entries => [.. _entries];

    public void Add(string entry) => _entries.Enqueue(entry);

    /// <summary>An engine callback that records <paramref name="entry"/>.</summary>
    public Func<Task> Recorder(string entry) => () =>
    {
        Add(entry);
        return Task.CompletedTask;
    };

    public int Count(string entry) => _entries.Count(e => e == entry);
}
