namespace MochiOrleans.Benchmarks.Transfers;

/// <summary>
/// The server side of <c>--bulk</c>: receives 64 MiB into a buffer of its own, either by pulling the caller's bulk or
/// as <c>byte[]</c> arguments of ordinary calls.
/// </summary>
[Provider(ServiceName)]
public sealed class BulkBenchProvider(Engine engine, int size)
{
    public const string ServiceName = "bulkbench";

    public const ushort ProviderId = 9;

    private readonly byte[] _buffer = new byte[size];

    /// <summary>Pulls the whole of the caller's bulk into the buffer.</summary>
    [Remote]
    public async Task Pull(Handle handle, Bulk bulk)
    {
        await using var local = engine.CreateBulk(_buffer, BulkMode.WriteOnly);
        await engine.TransferAsync(BulkOperation.Pull, handle.Address, bulk, 0, local, 0, bulk.Size);
        handle.Respond(bulk.Size);
    }

    /// <summary>Copies one message's bytes into the buffer at <paramref name="offset"/>.</summary>
    [Remote]
    public int Put(int offset, byte[] data)
    {
        data.CopyTo(_buffer.AsSpan(offset));
        return data.Length;
    }
}
