using System.Buffers;
using Microsoft.Extensions.DependencyInjection;
using MochiOrleans.Grains;
using Orleans.Serialization;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.Serializers;
using Orleans.Serialization.Session;
using Orleans.Serialization.WireProtocol;

namespace MochiOrleans.Internal;

/// <summary>
/// Writes an envelope's <see cref="WireValue"/> as one length-prefixed field holding the value serialized by Orleans,
/// and reads it back only after checking it: its length against <see cref="ValueLimits.MaxPayloadBytes"/>, its
/// nesting with <see cref="WireDepthScan"/> (no recursion), then, once deserialized, its nesting exactly with
/// <see cref="ValueInspection"/>. A value of leaves only (see <see cref="FlatValue"/>) skips both: it is written in a
/// compact form that cannot nest. Whatever fails arrives as a refused <see cref="WireValue"/>, which the receiver
/// answers with an error without running user code; a process is never exposed to Orleans' recursive deserializer
/// overflowing its stack on bytes an untrusted sender chose.
/// </summary>
/// <remarks>
/// A sender that cannot send its value (over the bound, or a type without a codec found only while serializing)
/// sends a <see cref="RefusedValue"/> instead, so the call fails with the honest error rather than in Orleans'
/// messaging, and never with a message over Orleans' own size limit, which would close the whole connection.
/// </remarks>
[RegisterSerializer]
internal sealed class WireValueCodec(IServiceProvider services) : IFieldCodec<WireValue>
{
    private SerializerSessionPool? _sessions;
    private ValueLimits? _limits;
    private ValueLimits? _unboundedLimits;

    private SerializerSessionPool Sessions => _sessions ??= services.GetRequiredService<SerializerSessionPool>();

    private ValueLimits Limits => _limits ??= services.GetService<ValueLimits>() ?? ValueLimits.Default;

    public void WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, Type? expectedType, WireValue value)
        where TBufferWriter : IBufferWriter<byte>
    {
        object? content = value.Refusal is { } refusal ? new RefusedValue(refusal) : value.Value;
        if (content is null)
        {
            ReferenceCodec.WriteNullReference(ref writer, fieldIdDelta);
            return;
        }

        if (content is SerializedValue serialized)
        {
            WriteBlockHeader(ref writer, fieldIdDelta, serialized.Bytes.Length);
            writer.Write(serialized.Bytes.Span);
            return;
        }

        // Most values are a few scalars, strings or byte arrays: written in place, with no nested serializer session.
        if (FlatValue.Measure(content) is var flatSize and >= 0 && flatSize <= Limits.MaxPayloadBytes)
        {
            WriteBlockHeader(ref writer, fieldIdDelta, flatSize);
            FlatValue.Write(ref writer, content);
            return;
        }

        using var session = Sessions.GetSession();
        var blob = Writer.CreatePooled(session);
        try
        {
            if (!TrySerialize(ref blob, content, out var problem))
            {
                blob.Dispose();
                session.PartialReset();
                blob = Writer.CreatePooled(session);
                TrySerialize(ref blob, new RefusedValue(problem!), out _);
            }

            WriteBlockHeader(ref writer, fieldIdDelta, blob.Output.Length);
            blob.Output.CopyTo(ref writer);
        }
        finally
        {
            blob.Dispose();
        }
    }

    // Every form of the value is one length-prefixed block of this many bytes.
    private static void WriteBlockHeader<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, long length)
        where TBufferWriter : IBufferWriter<byte>
    {
        ReferenceCodec.MarkValueField(writer.Session);
        writer.WriteFieldHeaderExpected(fieldIdDelta, WireType.LengthPrefixed);
        writer.WriteVarUInt32((uint)length);
    }

    public WireValue ReadValue<TInput>(ref Reader<TInput> reader, Field field)
    {
        ReferenceCodec.MarkValueField(reader.Session);
        if (field.WireType == WireType.Reference)
        {
            return reader.ReadVarUInt32() == 0 ? default : WireValue.Refused("The value was sent as a reference to another field.");
        }

        if (field.WireType != WireType.LengthPrefixed)
        {
            // Reading it, even to skip it, would recurse as deep as the sender nested it.
            throw new SerializerException($"A MochiOrleans envelope value must be length-prefixed, not {field.WireType}.");
        }

        var length = reader.ReadVarUInt32();
        var limits = Limits;
        if (length > limits.MaxPayloadBytes)
        {
            reader.Skip(length);
            return WireValue.Refused($"The value takes {length} bytes, over the {limits.MaxPayloadBytes}-byte limit (EngineOptions.MaxPayloadBytes).");
        }

        if (reader.TryReadBytes((int)length, out var contiguous))
        {
            return Read(contiguous, limits);
        }

        var rented = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            var copy = rented.AsSpan(0, (int)length);
            reader.ReadBytes(copy);
            return Read(copy, limits);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private WireValue Read(ReadOnlySpan<byte> blob, ValueLimits limits)
    {
        if (FlatValue.IsFlat(blob))
        {
            // Leaves only: nothing to nest, so nothing to scan or inspect.
            return FlatValue.TryRead(blob, out var flat) ? new WireValue(flat) : WireValue.Refused("The value is not a well-formed flat value.");
        }

        using var session = Sessions.GetSession();
        switch (WireDepthScan.Scan(blob, limits.MaxWireDepth, session))
        {
            case WireScanResult.TooDeep:
                return WireValue.Refused(new ValueReport(ValueProblem.TooDeep, 0, 0, null).Describe("The value", limits));
            case WireScanResult.Malformed:
                return WireValue.Refused("The value is not in Orleans' wire format.");
        }

        object? value;
        try
        {
            var reader = Reader.Create(blob, session);
            value = ObjectCodec.ReadValue(ref reader, reader.ReadFieldHeader());
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return WireValue.Refused($"The value cannot be deserialized: {exception.Message}");
        }

        if (value is RefusedValue refused)
        {
            return WireValue.Refused(refused.Reason);
        }

        // The exact check: an argument list or keyword set is measured per value, as the sender measured it. Made
        // once: this runs for every request and response.
        var unbounded = _unboundedLimits ??= limits with { MaxPayloadBytes = long.MaxValue };
        var report = value switch
        {
            object?[] args => ValueInspection.Inspect(args, null, unbounded, codecs: null),
            Dictionary<string, object?> kwargs => ValueInspection.Inspect([], kwargs, unbounded, codecs: null),
            _ => ValueInspection.Inspect(value, unbounded, codecs: null),
        };
        return report.Problem == ValueProblem.TooDeep ? WireValue.Refused(report.Describe("The value", limits)) : new WireValue(value);
    }

    private bool TrySerialize(ref Writer<PooledBuffer> blob, object content, out string? problem)
    {
        try
        {
            ObjectCodec.WriteField(ref blob, 0, typeof(object), content);
            blob.Commit();
        }
        catch (Exception exception) when (exception is SerializerException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            problem = $"The value cannot be serialized: {exception.Message}";
            return false;
        }

        var limit = Limits.MaxPayloadBytes;
        problem = blob.Output.Length > limit
            ? $"The value takes {blob.Output.Length} bytes, over the {limit}-byte limit (EngineOptions.MaxPayloadBytes)."
            : null;
        return problem is null;
    }
}
