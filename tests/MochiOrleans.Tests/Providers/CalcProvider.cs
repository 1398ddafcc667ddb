using System.Collections.Concurrent;

namespace MochiOrleans.Tests.Providers;

/// <summary>The contract of the typed-proxy tests: one method per return shape, a one-way method and a token.</summary>
[Provider("calc")]
public interface ICalc
{
    [Remote(RpcName = "add")]
    Task<int> SumAsync(int x, int y);

    Task<int> SubtractAsync(int x, int y);

    ValueTask<long> MultiplyAsync(long x, long y);

    Task RecordAsync(string note);

    ValueTask ClearAsync();

    Task<string> EchoAsync(string text, CancellationToken cancellationToken = default);

    /// <summary>Runs until its token is cancelled; the token comes first to show it is not a positional argument.</summary>
#pragma warning disable CA1068 // Deliberately first: the arguments after it must still travel in order.
    Task<string> WaitAsync(CancellationToken cancellationToken, string tag);
#pragma warning restore CA1068

    Task<string> FailAsync(string message);

    [Remote(DisableResponse = true)]
    Task PokeAsync(int by);
}

/// <summary>
/// RPCs of the calc service that <see cref="CalcProvider"/> serves without implementing them as such (a
/// <see cref="Handle"/> method that never responds, a parameter of another type), and one it does not serve at all.
/// </summary>
[Provider("calc")]
public interface ICalcMisuse
{
    /// <summary>Served by <see cref="CalcProvider.Silent"/>, which never responds.</summary>
    Task<string> SilentAsync();

    /// <summary>Calls <c>calc_add</c> with strings where the provider takes ints.</summary>
    [Remote(RpcName = "add")]
    Task<int> AddTextAsync(string x, string y);

    Task MissingAsync();

    Task<int> AlsoMissingAsync(int x);
}

/// <summary>A provider that serves <see cref="ICalc"/> without repeating [Remote] on the methods it implements.</summary>
public sealed class CalcProvider : ICalc
{
    public ConcurrentQueue<string> Notes { get; } = new();

    public TaskCompletionSource<string> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Pokes => Volatile.Read(ref _pokes);

    private int _pokes;

    public Task<int> SumAsync(int x, int y) => Task.FromResult(x + y);

    public Task<int> SubtractAsync(int x, int y) => Task.FromResult(x - y);

    public ValueTask<long> MultiplyAsync(long x, long y) => ValueTask.FromResult(x * y);

    public Task RecordAsync(string note)
    {
        Notes.Enqueue(note);
        return Task.CompletedTask;
    }

    public ValueTask ClearAsync()
    {
        Notes.Clear();
        return ValueTask.CompletedTask;
    }

    public Task<string> EchoAsync(string text, CancellationToken cancellationToken = default) => Task.FromResult(text);

    public async Task<string> WaitAsync(CancellationToken cancellationToken, string tag)
    {
        Started.TrySetResult(tag);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Cancelled.TrySetResult();
            throw;
        }

        return tag;
    }

    public Task<string> FailAsync(string message) => throw new InvalidOperationException(message);

    public Task PokeAsync(int by)
    {
        Interlocked.Add(ref _pokes, by);
        return Task.CompletedTask;
    }

    /// <summary>Takes the handle and never responds: its callers get NoResponse. The class has no [Provider], so it names its service.</summary>
    [Remote(ServiceName = "calc")]
    public void Silent(Handle handle) => Notes.Enqueue($"silent for {handle.RpcName}");
}

/// <summary>Implements <see cref="ICalc"/> explicitly and names its own service, which takes precedence over the interface's.</summary>
[Provider("abacus")]
public sealed class ExplicitCalcProvider : ICalc
{
    Task<int> ICalc.SumAsync(int x, int y) => Task.FromResult(x + y);

    Task<int> ICalc.SubtractAsync(int x, int y) => Task.FromResult(x - y);

    ValueTask<long> ICalc.MultiplyAsync(long x, long y) => ValueTask.FromResult(x * y);

    Task ICalc.RecordAsync(string note) => Task.CompletedTask;

    ValueTask ICalc.ClearAsync() => ValueTask.CompletedTask;

    Task<string> ICalc.EchoAsync(string text, CancellationToken cancellationToken) => Task.FromResult(text);

    Task<string> ICalc.WaitAsync(CancellationToken cancellationToken, string tag) => Task.FromResult(tag);

    Task<string> ICalc.FailAsync(string message) => throw new InvalidOperationException(message);

    Task ICalc.PokeAsync(int by) => Task.CompletedTask;

    /// <summary>The class's own [Remote] methods are served beside the interface's.</summary>
    [Remote(RpcName = "extra")]
    public static int Extra() => 1;
}
