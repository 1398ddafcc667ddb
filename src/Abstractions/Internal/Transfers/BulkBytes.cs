using System.Buffers;

namespace MochiOrleans.Internal.Transfers;

/// <summary>
/// The bytes of one chunk on the wire. Sent from the exposed memory itself; received into an array rented from the
/// shared pool (by <see cref="BulkBytesCodec"/>), which the receiver returns once it has copied the bytes where they
/// go. A transfer thus allocates nothing per chunk: without this, every chunk would be a fresh large-object-heap array
/// and a gigabyte transfer would leave a gigabyte of garbage behind.
/// </summary>
[Immutable]
internal sealed class BulkBytes
{
    private byte[]? _rented;

    /// <summary>Bytes to send, read from <paramref name="memory"/> when the message is serialized.</summary>
    public BulkBytes(ReadOnlyMemory<byte> memory) => Memory = memory;

    private BulkBytes(byte[] rented, int length)
    {
        _rented = rented;
        Memory = rented.AsMemory(0, length);
    }

    private BulkBytes(long refusedLength) => RefusedLength = refusedLength;

    public static BulkBytes Empty { get; } = new(ReadOnlyMemory<byte>.Empty);

    public ReadOnlyMemory<byte> Memory { get; private set; }

    /// <summary>The length of a chunk that arrived larger than any chunk may be, and was skipped; 0 otherwise.</summary>
    public long RefusedLength { get; }

    /// <summary>Receives <paramref name="length"/> bytes into a pooled array.</summary>
    public static BulkBytes Rent(int length) => new(ArrayPool<byte>.Shared.Rent(length), length);

    /// <summary>A chunk of <paramref name="length"/> bytes that was not read.</summary>
    public static BulkBytes Refused(long length) => new(length);

    /// <summary>The array this chunk was received into, to fill it.</summary>
    public Span<byte> Target => _rented.AsSpan(0, Memory.Length);

    /// <summary>Returns a received chunk's array to the pool; the bytes must not be used after.</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _rented, null) is { } rented)
        {
            Memory = ReadOnlyMemory<byte>.Empty;
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
