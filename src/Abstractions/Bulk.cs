using MochiOrleans.Grains;
using MochiOrleans.Internal.Transfers;

namespace MochiOrleans;

/// <summary>
/// Memory exposed for bulk transfers (PyMargo's <c>Bulk</c>, Mercury's <c>hg_bulk_t</c>). <c>Engine.CreateBulk</c>
/// exposes a buffer in place, without copying it; passed as an RPC argument or returned as a response, a bulk travels
/// as a small descriptor, and the engine that receives it moves the bytes with <c>Engine.TransferAsync</c>.
/// </summary>
/// <remarks>
/// Only an engine given the descriptor can reach the memory: it names the bulk by a 128-bit random id.
/// Disposing a bulk you created stops exposing its memory (later transfers get <see cref="MargoErrorCode.NoEntry"/>);
/// disposing a bulk you received does nothing to the owner's memory.
/// </remarks>
[Alias("mochi.Bulk")]
public sealed class Bulk : IAsyncDisposable
{
    private int _disposed;

    internal Bulk(BulkRegistry owner, Guid id, Memory<byte> memory, BulkMode mode)
    {
        Owner = owner;
        Id = id;
        Memory = memory;
        Size = memory.Length;
        Mode = mode;
    }

    internal Bulk(BulkDescriptor descriptor, BulkEndpoint? endpoint)
    {
        Descriptor = descriptor;
        Endpoint = endpoint;
        Id = descriptor.Id;
        Size = descriptor.Size;
        Mode = descriptor.Mode;
    }

    /// <summary>The number of bytes exposed.</summary>
    public long Size { get; }

    /// <summary>What other engines may do with the memory.</summary>
    public BulkMode Mode { get; }

    /// <summary>The engine registry that exposes this memory, for a bulk created here; <see langword="null"/> for one received.</summary>
    internal BulkRegistry? Owner { get; }

    /// <summary>The exposed memory, for a bulk created here.</summary>
    internal Memory<byte> Memory { get; }

    /// <summary>The descriptor this bulk arrived as; <see langword="null"/> for a bulk created here.</summary>
    internal BulkDescriptor? Descriptor { get; }

    /// <summary>How to reach the owner of a received bulk; <see langword="null"/> for a bulk created here.</summary>
    internal BulkEndpoint? Endpoint { get; }

    internal Guid Id { get; }

    internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    internal bool IsReadable => (Mode & BulkMode.ReadOnly) != 0;

    internal bool IsWritable => (Mode & BulkMode.WriteOnly) != 0;

    /// <summary>Stops exposing the memory of a bulk created by this process; transfers against it then get <see cref="MargoErrorCode.NoEntry"/>.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Owner?.Remove(this);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public override string ToString() => $"Bulk({Size} bytes, {Mode}, of {Owner?.OwnerAddress ?? Descriptor?.Owner})";
}
