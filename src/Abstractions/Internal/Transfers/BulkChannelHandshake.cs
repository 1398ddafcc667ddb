using System.Buffers.Binary;
using System.Text;

namespace MochiOrleans.Internal.Transfers;

/// <summary>
/// The first bytes of a bulk data channel, after TLS when TLS is on: the connecting engine presents its ticket and the
/// binding it was issued for; the listener answers with a status (0, or a <see cref="MargoErrorCode"/> and why). Fixed
/// size, read with a deadline: a peer that sends anything else is dropped before any bulk byte moves.
/// </summary>
internal static class BulkChannelHandshake
{
    /// <summary>The handshake's length: magic, slot, ticket, bulk id, operation, offset, length.</summary>
    public const int Length = 8 + 8 + 16 + 16 + 4 + 8 + 8;

    private const ulong Magic = 0x314B424948434F4D; // "MOCHIBK1" as little-endian bytes: version 1

    private const int MaxMessageBytes = 1024;

    /// <summary>What a connecting engine presents.</summary>
    public readonly record struct Presented(long Slot, Guid Ticket, BulkChannelBinding Binding);

    public static async Task WriteAsync(Stream stream, long slot, Guid ticket, BulkChannelBinding binding, CancellationToken cancellationToken)
    {
        var bytes = new byte[Length];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt64LittleEndian(span, Magic);
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], slot);
        ticket.TryWriteBytes(span.Slice(16, 16));
        binding.BulkId.TryWriteBytes(span.Slice(32, 16));
        BinaryPrimitives.WriteInt32LittleEndian(span[48..], (int)binding.Operation);
        BinaryPrimitives.WriteInt64LittleEndian(span[52..], binding.Offset);
        BinaryPrimitives.WriteInt64LittleEndian(span[60..], binding.Length);
        await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a handshake; <see langword="null"/> if the bytes are not one.</summary>
    public static async Task<Presented?> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var bytes = new byte[Length];
        await stream.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
        var span = bytes.AsSpan();
        if (BinaryPrimitives.ReadUInt64LittleEndian(span) != Magic)
        {
            return null;
        }

        var operation = (BulkOperation)BinaryPrimitives.ReadInt32LittleEndian(span[48..]);
        if (operation is not (BulkOperation.Pull or BulkOperation.Push))
        {
            return null;
        }

        return new Presented(
            BinaryPrimitives.ReadInt64LittleEndian(span[8..]),
            new Guid(span.Slice(16, 16)),
            new BulkChannelBinding(new Guid(span.Slice(32, 16)), operation, BinaryPrimitives.ReadInt64LittleEndian(span[52..]), BinaryPrimitives.ReadInt64LittleEndian(span[60..])));
    }

    /// <summary>
    /// Writes a status: success, or a refusal with its code and message. Also the receiver's last word on a channel
    /// (every byte landed, or why not).
    /// </summary>
    public static async Task WriteStatusAsync(Stream stream, MargoErrorCode? error, string? message, CancellationToken cancellationToken)
    {
        var text = error is null ? [] : Encoding.UTF8.GetBytes(Truncate(message ?? string.Empty));
        var bytes = new byte[4 + (error is null ? 0 : 2 + text.Length)];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, error is { } code ? (int)code + 1 : 0);
        if (error is not null)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), (ushort)text.Length);
            text.CopyTo(bytes.AsSpan(6));
        }

        await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a status; throws the refusal it carries.</summary>
    /// <exception cref="MargoException">The peer refused, with its code and message.</exception>
    /// <exception cref="EndOfStreamException">The peer closed the channel instead.</exception>
    public static async Task ReadStatusAsync(Stream stream, CancellationToken cancellationToken)
    {
        var header = new byte[4];
        await stream.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
        var status = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (status != 0)
        {
            throw await ReadRefusalAsync(stream, status - 1, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the message that follows a refusal code and makes it the exception a transfer raises.</summary>
    public static async Task<MargoException> ReadRefusalAsync(Stream stream, int code, CancellationToken cancellationToken)
    {
        var length = new byte[2];
        await stream.ReadExactlyAsync(length, cancellationToken).ConfigureAwait(false);
        var text = new byte[Math.Min((int)BinaryPrimitives.ReadUInt16LittleEndian(length), MaxMessageBytes * 4)];
        await stream.ReadExactlyAsync(text, cancellationToken).ConfigureAwait(false);
        var known = Enum.IsDefined((MargoErrorCode)code) ? (MargoErrorCode)code : MargoErrorCode.RemoteError;
        return new MargoException(known, Encoding.UTF8.GetString(text));
    }

    private static string Truncate(string message) => message.Length <= MaxMessageBytes ? message : message[..MaxMessageBytes];
}
