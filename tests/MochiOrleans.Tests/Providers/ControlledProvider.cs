using System.Collections.Concurrent;

namespace MochiOrleans.Tests.Providers;

/// <summary>A provider a test can watch: it reports when handlers start, are cancelled, and what one-way calls did.</summary>
[Provider("controlled")]
public sealed class ControlledProvider
{
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<string> Notes { get; } = new();

    /// <summary>Runs until its token is cancelled, and records that it was.</summary>
    [Remote]
    public async Task<string> WaitForeverAsync(CancellationToken cancellationToken)
    {
        Started.TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Cancelled.TrySetResult();
            throw;
        }

        return "unreachable";
    }

    /// <summary>Declared one-way on the server: callers never wait for it.</summary>
    [Remote(DisableResponse = true)]
    public void Note(string text) => Notes.Enqueue(text);

    [Remote]
    public string Record(string text)
    {
        Notes.Enqueue(text);
        return text;
    }

    [Remote(DisableResponse = true)]
    public void NoteThenFail(string text)
    {
        Notes.Enqueue(text);
        throw new InvalidOperationException("one-way failure");
    }

    [Remote]
    public int Length(byte[] data) => data.Length;

    [Remote]
    public byte[] Blob(int size) => new byte[size];

    [Remote]
    public object Unserializable() => new NotSerializable();

    [Remote]
    public string TypeOf(object? value) => value?.GetType().Name ?? "null";

    [Remote]
    public void Throw() => throw new InvalidOperationException("with a stack");
}

/// <summary>A type Orleans has no codec for.</summary>
public sealed class NotSerializable
{
    public int Value { get; set; } = 1;
}
