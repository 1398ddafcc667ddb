using System.Buffers;
using Orleans.Serialization;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.WireProtocol;

namespace MochiOrleans.Internal.Transfers;

/// <summary>
/// Writes a <see cref="BulkBytes"/> as one length-prefixed field, and reads it into a pooled array. A chunk longer
/// than <see cref="BulkChunking.MaxChunkBytes"/> (no MochiOrleans engine sends one) is skipped unread and arrives
/// refused.
/// </summary>
[RegisterSerializer]
internal sealed class BulkBytesCodec : IFieldCodec<BulkBytes>
{
    public void WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, Type? expectedType, BulkBytes? value)
        where TBufferWriter : IBufferWriter<byte>
    {
        ReferenceCodec.MarkValueField(writer.Session);
        writer.WriteFieldHeaderExpected(fieldIdDelta, WireType.LengthPrefixed);
        var span = (value ?? BulkBytes.Empty).Memory.Span;
        writer.WriteVarUInt32((uint)span.Length);
        writer.Write(span);
    }

    public BulkBytes ReadValue<TInput>(ref Reader<TInput> reader, Field field)
    {
        ReferenceCodec.MarkValueField(reader.Session);
        if (field.WireType != WireType.LengthPrefixed)
        {
            throw new SerializerException($"Bulk bytes must be length-prefixed, not {field.WireType}.");
        }

        var length = reader.ReadVarUInt32();
        if (length > BulkChunking.MaxChunkBytes)
        {
            reader.Skip(length);
            return BulkBytes.Refused(length);
        }

        if (length == 0)
        {
            return BulkBytes.Empty;
        }

        var bytes = BulkBytes.Rent((int)length);
        reader.ReadBytes(bytes.Target);
        return bytes;
    }
}
