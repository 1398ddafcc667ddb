using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Orleans.Serialization.Buffers;

namespace MochiOrleans.Internal;

/// <summary>
/// The compact form <see cref="WireValueCodec"/> gives the values most calls carry: one leaf (<see langword="null"/>,
/// <see cref="bool"/>, <see cref="int"/>, <see cref="long"/>, <see cref="double"/>, <see cref="string"/>,
/// <c>byte[]</c>) or an argument list (<c>object?[]</c>) of leaves. Such a value cannot nest, so the receiver reads it
/// in one flat loop, with no depth scan, no serializer session and no inspection afterwards; anything else travels in
/// Orleans' own form as before.
/// </summary>
/// <remarks>
/// The first byte tells the forms apart: Orleans never starts a field with wire type <c>0b101</c>, which this form
/// uses (<see cref="OneLeaf"/>, <see cref="LeafList"/>). Then, little-endian: a list's element count (4 bytes), and per
/// leaf a tag byte and its data — 4 or 8 bytes for numbers, a 4-byte length and the bytes for strings (UTF-8) and byte
/// arrays. Each value keeps its exact type, as Orleans' form does.
/// </remarks>
internal static class FlatValue
{
    /// <summary>The first byte of a single leaf.</summary>
    private const byte OneLeaf = 0b1010_0000;

    /// <summary>The first byte of an argument list of leaves.</summary>
    private const byte LeafList = 0b1010_0001;

    private const byte NullTag = 0;
    private const byte FalseTag = 1;
    private const byte TrueTag = 2;
    private const byte Int32Tag = 3;
    private const byte Int64Tag = 4;
    private const byte DoubleTag = 5;
    private const byte StringTag = 6;
    private const byte BytesTag = 7;

    /// <summary>Strings that cannot take more UTF-8 bytes than this are encoded on the stack; longer ones in a rented buffer.</summary>
    private const int StackEncodingLimit = 256;

    /// <summary>Whether <paramref name="blob"/> is in this form rather than Orleans' (whatever its remaining bytes hold).</summary>
    public static bool IsFlat(ReadOnlySpan<byte> blob) => !blob.IsEmpty && (blob[0] & 0b1110_0000) == 0b1010_0000;

    /// <summary>How many bytes <paramref name="value"/> takes in this form, or -1 when it has no flat form.</summary>
    public static long Measure(object value)
    {
        if (value is not object?[] list)
        {
            return LeafSize(value) is var size and >= 0 ? 1 + size : -1;
        }

        if (list.GetType() != typeof(object[]))
        {
            // A string[] seen as object?[] would come back as object?[]: only the exact type keeps its type.
            return -1;
        }

        long total = 1 + sizeof(int);
        foreach (var item in list)
        {
            var size = LeafSize(item);
            if (size < 0)
            {
                return -1;
            }

            total += size;
        }

        return total;
    }

    /// <summary>Writes <paramref name="value"/>, which <see cref="Measure"/> found to have a flat form.</summary>
    public static void Write<TBufferWriter>(ref Writer<TBufferWriter> writer, object value)
        where TBufferWriter : IBufferWriter<byte>
    {
        if (value is object?[] list)
        {
            writer.WriteByte(LeafList);
            writer.WriteInt32(list.Length);
            foreach (var item in list)
            {
                WriteLeaf(ref writer, item);
            }

            return;
        }

        writer.WriteByte(OneLeaf);
        WriteLeaf(ref writer, value);
    }

    /// <summary>Reads a value in this form; <see langword="false"/> when the bytes are not a well-formed one.</summary>
    public static bool TryRead(ReadOnlySpan<byte> blob, out object? value)
    {
        value = null;
        if (blob.IsEmpty)
        {
            return false;
        }

        var rest = blob[1..];
        switch (blob[0])
        {
            case OneLeaf:
                return TryReadLeaf(ref rest, out value) && rest.IsEmpty;
            case LeafList:
                if (!TryReadLength(ref rest, out var count) || count > rest.Length)
                {
                    // Every leaf takes at least its tag byte: a larger count is a lie, not a reason to allocate.
                    return false;
                }

                var list = new object?[count];
                for (var i = 0; i < list.Length; i++)
                {
                    if (!TryReadLeaf(ref rest, out list[i]))
                    {
                        return false;
                    }
                }

                value = list;
                return rest.IsEmpty;
            default:
                return false;
        }
    }

    private static long LeafSize(object? leaf) => leaf switch
    {
        null or bool => 1,
        int => 1 + sizeof(int),
        long or double => 1 + sizeof(long),
        string text => 1 + sizeof(int) + (long)Encoding.UTF8.GetByteCount(text),
        byte[] bytes => 1 + sizeof(int) + (long)bytes.Length,
        _ => -1,
    };

    private static void WriteLeaf<TBufferWriter>(ref Writer<TBufferWriter> writer, object? leaf)
        where TBufferWriter : IBufferWriter<byte>
    {
        switch (leaf)
        {
            case null:
                writer.WriteByte(NullTag);
                break;
            case bool flag:
                writer.WriteByte(flag ? TrueTag : FalseTag);
                break;
            case int number:
                writer.WriteByte(Int32Tag);
                writer.WriteInt32(number);
                break;
            case long number:
                writer.WriteByte(Int64Tag);
                writer.WriteInt64(number);
                break;
            case double number:
                writer.WriteByte(DoubleTag);
                writer.WriteInt64(BitConverter.DoubleToInt64Bits(number));
                break;
            case string text:
                writer.WriteByte(StringTag);
                WriteString(ref writer, text);
                break;
            case byte[] bytes:
                writer.WriteByte(BytesTag);
                WriteWithLength(ref writer, bytes);
                break;
            default:
                throw new ArgumentException($"A {leaf.GetType()} has no flat form.", nameof(leaf));
        }
    }

    private static void WriteString<TBufferWriter>(ref Writer<TBufferWriter> writer, string text)
        where TBufferWriter : IBufferWriter<byte>
    {
        // Encoded before its length is written, so that the string is not scanned a second time for its byte count
        // (Measure counted it already).
        var most = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (most <= StackEncodingLimit)
        {
            Span<byte> encoded = stackalloc byte[StackEncodingLimit];
            WriteWithLength(ref writer, encoded[..Encoding.UTF8.GetBytes(text, encoded)]);
            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent(most);
        try
        {
            WriteWithLength(ref writer, rented.AsSpan(0, Encoding.UTF8.GetBytes(text, rented)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void WriteWithLength<TBufferWriter>(ref Writer<TBufferWriter> writer, scoped ReadOnlySpan<byte> bytes)
        where TBufferWriter : IBufferWriter<byte>
    {
        writer.WriteInt32(bytes.Length);
        writer.Write(bytes);
    }

    private static bool TryReadLeaf(ref ReadOnlySpan<byte> rest, out object? leaf)
    {
        leaf = null;
        if (rest.IsEmpty)
        {
            return false;
        }

        var tag = rest[0];
        rest = rest[1..];
        switch (tag)
        {
            case NullTag:
                return true;
            case FalseTag or TrueTag:
                leaf = tag == TrueTag;
                return true;
            case Int32Tag when rest.Length >= sizeof(int):
                leaf = BinaryPrimitives.ReadInt32LittleEndian(rest);
                rest = rest[sizeof(int)..];
                return true;
            case Int64Tag when rest.Length >= sizeof(long):
                leaf = BinaryPrimitives.ReadInt64LittleEndian(rest);
                rest = rest[sizeof(long)..];
                return true;
            case DoubleTag when rest.Length >= sizeof(long):
                leaf = BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(rest));
                rest = rest[sizeof(long)..];
                return true;
            case StringTag when TryReadLength(ref rest, out var length) && length <= rest.Length:
                leaf = Encoding.UTF8.GetString(rest[..length]);
                rest = rest[length..];
                return true;
            case BytesTag when TryReadLength(ref rest, out var length) && length <= rest.Length:
                leaf = rest[..length].ToArray();
                rest = rest[length..];
                return true;
            default:
                return false;
        }
    }

    private static bool TryReadLength(ref ReadOnlySpan<byte> rest, out int length)
    {
        if (rest.Length < sizeof(int))
        {
            length = 0;
            return false;
        }

        length = BinaryPrimitives.ReadInt32LittleEndian(rest);
        rest = rest[sizeof(int)..];
        return length >= 0;
    }
}
