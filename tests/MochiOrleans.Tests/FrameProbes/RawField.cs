using System.Buffers;
using Orleans.Serialization;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.WireProtocol;

namespace MochiOrleans.Tests.FrameProbes;

/// <summary>
/// Bytes written verbatim where Orleans writes a value: a hostile client's way to put anything in a message (deeper
/// than its own serializer could write without overflowing its own stack).
/// </summary>
[Immutable]
public sealed class RawField(byte[] bytes)
{
    /// <summary>One complete serialized field, header included.</summary>
    public byte[] Bytes { get; } = bytes;

    /// <summary>
    /// <paramref name="probe"/> serialized as a field, with one more field that <see cref="FrameProbe"/> does not have,
    /// holding <paramref name="depth"/> nested tag-delimited levels: Orleans skips it with a recursive call per level.
    /// </summary>
    public static RawField WithUnknownField(Serializer serializer, FrameProbe probe, int depth)
    {
        var known = serializer.SerializeToArray<object>(probe);
        const byte Open = (byte)WireType.TagDelimited | (byte)SchemaType.Expected;
        const byte Close = (byte)WireType.Extended | (byte)ExtendedWireType.EndTagDelimited;
        if (known[^1] != Close)
        {
            throw new InvalidOperationException("A serialized FrameProbe ends with the end of its fields.");
        }

        var bytes = new byte[known.Length + 1 + (2 * depth) + 1];
        known.AsSpan(0, known.Length - 1).CopyTo(bytes);
        var position = known.Length - 1;
        bytes[position++] = Open | 1; // field id 1 (after field 0), unknown to FrameProbe
        bytes.AsSpan(position, depth).Fill(Open);
        position += depth;
        bytes.AsSpan(position, depth + 1).Fill(Close);
        bytes[^1] = Close;
        return new RawField(bytes);
    }
}

/// <summary>Writes a <see cref="RawField"/>'s bytes as they are; it is never read (the bytes say what they hold).</summary>
[RegisterSerializer]
internal sealed class RawFieldCodec : IFieldCodec<RawField>
{
    public void WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, Type? expectedType, RawField? value)
        where TBufferWriter : IBufferWriter<byte> => writer.Write(value!.Bytes);

    public RawField ReadValue<TInput>(ref Reader<TInput> reader, Field field) =>
        throw new NotSupportedException("Raw fields are written by hostile test clients only.");
}
