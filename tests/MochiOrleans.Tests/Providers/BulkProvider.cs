using System.IO.Hashing;

namespace MochiOrleans.Tests.Providers;

/// <summary>
/// PyMargo's <c>test_bulk</c> receiver, and the handlers the other bulk tests use: each moves bytes between the caller's
/// bulk and memory of its own with <see cref="Engine.TransferAsync(BulkOperation, Address, Bulk, long, Bulk, long, long, CancellationToken)"/>.
/// </summary>
[Provider("bulk")]
public sealed class BulkProvider(Engine engine)
{
    /// <summary>Set by a test to watch (and pace) the next pull of <see cref="PullAndReport"/>.</summary>
    public Action<long>? OnPullProgress { get; set; }

    /// <summary>Completed by <see cref="PullAndReport"/> with the outcome of its transfer.</summary>
    public TaskCompletionSource<MargoErrorCode?> PullOutcome { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Remote]
    public async Task PullFromBulk(Handle handle, Bulk bulk, int size)
    {
        var localData = new byte[size];
        await using var localBulk = engine.CreateBulk(localData, BulkMode.WriteOnly);
        await engine.TransferAsync(BulkOperation.Pull, handle.Address, bulk, 0, localBulk, 0, size);
        handle.Respond(localData.AsSpan().SequenceEqual("This is some bytes data"u8));
    }

    [Remote]
    public async Task PushToBulk(Handle handle, Bulk bulk, int size)
    {
        var localData = "more"u8.ToArray();
        await using var localBulk = engine.CreateBulk(localData, BulkMode.ReadOnly);
        await engine.TransferAsync(BulkOperation.Push, handle.Address, bulk, 8, localBulk, 0, 4);
        handle.Respond();
    }

    /// <summary>Pulls <paramref name="size"/> bytes at <paramref name="offset"/> of the caller's bulk and responds with them.</summary>
    [Remote]
    public async Task Pull(Handle handle, Bulk bulk, long offset, int size)
    {
        var local = new byte[size];
        await using var localBulk = engine.CreateBulk(local, BulkMode.ReadWrite);
        await engine.TransferAsync(BulkOperation.Pull, handle.Address, bulk, offset, localBulk, 0, size);
        handle.Respond(local);
    }

    /// <summary>Pushes <paramref name="data"/> at <paramref name="offset"/> of the caller's bulk.</summary>
    [Remote]
    public async Task Push(Handle handle, Bulk bulk, long offset, byte[] data)
    {
        await using var localBulk = engine.CreateBulk(data, BulkMode.ReadOnly);
        await engine.TransferAsync(BulkOperation.Push, handle.Address, bulk, offset, localBulk, 0, data.Length);
        handle.Respond();
    }

    /// <summary>Pulls the whole bulk, however large, and responds with its XxHash64.</summary>
    [Remote]
    public async Task PullChecksum(Handle handle, Bulk bulk)
    {
        var local = GC.AllocateUninitializedArray<byte>(checked((int)bulk.Size));
        await using var localBulk = engine.CreateBulk(local, BulkMode.WriteOnly);
        await engine.TransferAsync(BulkOperation.Pull, handle.Address, bulk, 0, localBulk, 0, bulk.Size);
        handle.Respond(XxHash64.HashToUInt64(local));
    }

    /// <summary>
    /// Transfers between the caller's bulk and a local buffer of <paramref name="localSize"/> bytes exposed as
    /// <paramref name="localMode"/>; responds <c>"ok"</c> or the <see cref="MargoErrorCode"/> the transfer raised.
    /// </summary>
    [Remote]
    public async Task Transfer(Handle handle, Bulk bulk, BulkOperation operation, long originOffset, int size, int localSize, BulkMode localMode)
    {
        await using var localBulk = engine.CreateBulk(new byte[localSize], localMode);
        try
        {
            await engine.TransferAsync(operation, handle.Address, bulk, originOffset, localBulk, 0, size);
            handle.Respond("ok");
        }
        catch (MargoException exception)
        {
            handle.Respond(exception.Code.ToString());
        }
    }

    /// <summary>Exposes a buffer, disposes its bulk, and returns the bulk: its descriptor names memory no longer exposed.</summary>
    [Remote]
    public async Task<Bulk> ExposeDisposed(int size)
    {
        var bulk = engine.CreateBulk(new byte[size], BulkMode.ReadWrite);
        await bulk.DisposeAsync();
        return bulk;
    }

    /// <summary>Exposes a fresh buffer of <paramref name="size"/> bytes, each its offset modulo 251, and returns its bulk.</summary>
    [Remote]
    public Bulk Expose(int size, BulkMode mode)
    {
        var data = new byte[size];
        for (var i = 0; i < size; i++)
        {
            data[i] = (byte)(i % 251);
        }

        return engine.CreateBulk(data, mode);
    }

    /// <summary>Pulls the whole bulk into a buffer of 0xEE, reporting progress to the test; completes <see cref="PullOutcome"/>.</summary>
    [Remote(DisableResponse = true)]
    public async Task PullAndReport(Handle handle, Bulk bulk)
    {
        var local = new byte[bulk.Size];
        local.AsSpan().Fill(0xEE);
        await using var localBulk = engine.CreateBulk(local, BulkMode.WriteOnly);
        long reported = 0;
        try
        {
            await engine.TransferAsync(BulkOperation.Pull, handle.Address, bulk, 0, localBulk, 0, bulk.Size, new SynchronousProgress(done =>
            {
                reported = done;
                OnPullProgress?.Invoke(done);
            }), timeout: null, CancellationToken.None);
            PullOutcome.TrySetResult(null);
        }
        catch (MargoException exception)
        {
            // What a failed pull left: the reported prefix written, the rest as it was.
            PulledPrefix = reported;
            UntouchedAfterPrefix = local.AsSpan((int)reported).IndexOfAnyExcept((byte)0xEE) < 0;
            PullOutcome.TrySetResult(exception.Code);
        }
    }

    /// <summary>After a failed <see cref="PullAndReport"/>: the bytes its progress reported.</summary>
    public long PulledPrefix { get; private set; }

    /// <summary>After a failed <see cref="PullAndReport"/>: whether every byte after the reported prefix was left as it was.</summary>
    public bool UntouchedAfterPrefix { get; private set; }

    /// <summary>Reports on the transfer's own thread, so that the test sees each chunk when it lands.</summary>
    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
