using Orleans.Serialization;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Session;
using Orleans.Serialization.WireProtocol;

namespace MochiOrleans.Internal;

/// <summary>What <see cref="WireDepthScan"/> found.</summary>
internal enum WireScanResult
{
    /// <summary>Well formed and within the depth bound: safe to hand to Orleans' deserializer.</summary>
    Within,

    /// <summary>Tag-delimited fields nest deeper than the bound.</summary>
    TooDeep,

    /// <summary>Not Orleans' wire format (truncated, unknown wire types, unbalanced ends, an absurd type name).</summary>
    Malformed,
}

/// <summary>
/// Measures how deeply the tag-delimited fields of Orleans-serialized bytes nest, in one loop without recursion.
/// Orleans' deserializer recurses once per level, and a stack overflow cannot be caught (it kills the process): bytes
/// from an untrusted sender go through this scan before Orleans reads them.
/// </summary>
/// <remarks>
/// Follows Orleans' wire format (Orleans.Serialization/WireProtocol): a tag byte holds the wire type (3 bits), the
/// schema type (2 bits) and the field id delta (3 bits, 7 = a var-int id follows); a non-expected schema type is
/// followed by a well-known type id, a type reference, or an encoded type (version byte, hash, length-prefixed name).
/// Then VarInt and Reference carry a var-int, Fixed32/Fixed64 4/8 bytes, LengthPrefixed a var-int length and as many
/// bytes, TagDelimited opens a level that an extended EndTagDelimited tag closes.
/// </remarks>
internal static class WireDepthScan
{
    /// <summary>Generic nesting in an encoded type name beyond this is refused: Orleans parses type names recursively too.</summary>
    private const int MaxTypeNameNesting = 64;

    public static WireScanResult Scan(ReadOnlySpan<byte> bytes, int maxDepth, SerializerSession session)
        => Scan(bytes, maxDepth, session, oneField: false, out _);

    /// <summary>
    /// Scans the one field that <paramref name="bytes"/> starts with (a value among raw data, as in an Orleans message
    /// header) and tells in <paramref name="length"/> how many bytes it takes.
    /// </summary>
    public static WireScanResult ScanField(ReadOnlySpan<byte> bytes, int maxDepth, SerializerSession session, out int length)
        => Scan(bytes, maxDepth, session, oneField: true, out length);

    private static WireScanResult Scan(ReadOnlySpan<byte> bytes, int maxDepth, SerializerSession session, bool oneField, out int length)
    {
        length = 0;
        try
        {
            return ScanFields(bytes, maxDepth, session, oneField, out length);
        }
        catch (Exception exception) when (exception is SerializerException or ArgumentException or InvalidOperationException or IndexOutOfRangeException or OverflowException)
        {
            // Reading past the end, or a var-int longer than its type.
            return WireScanResult.Malformed;
        }
    }

    private static WireScanResult ScanFields(ReadOnlySpan<byte> bytes, int maxDepth, SerializerSession session, bool oneField, out int length)
    {
        length = 0;
        var reader = Reader.Create(bytes, session);
        var depth = 0;
        while (reader.Position < bytes.Length)
        {
            uint tag = reader.ReadByte();
            if (tag >= (uint)WireType.Extended)
            {
                var extended = (ExtendedWireType)(tag & Tag.ExtendedWireTypeMask);
                if (extended == ExtendedWireType.EndTagDelimited)
                {
                    if (--depth < 0)
                    {
                        return WireScanResult.Malformed;
                    }

                    if (oneField && depth == 0)
                    {
                        length = (int)reader.Position;
                        return WireScanResult.Within;
                    }
                }
                else if (extended != ExtendedWireType.EndBaseFields)
                {
                    return WireScanResult.Malformed;
                }

                continue;
            }

            if ((tag & Tag.FieldIdMask) == Tag.FieldIdCompleteMask)
            {
                _ = reader.ReadVarUInt32();
            }

            switch ((SchemaType)(tag & Tag.SchemaTypeMask))
            {
                case SchemaType.WellKnown or SchemaType.Referenced:
                    _ = reader.ReadVarUInt32();
                    break;
                case SchemaType.Encoded:
                    if (reader.ReadByte() != 1)
                    {
                        return WireScanResult.Malformed;
                    }

                    _ = reader.ReadInt32();
                    var nameLength = reader.ReadVarUInt32();
                    if (nameLength > bytes.Length - reader.Position || Nesting(bytes.Slice((int)reader.Position, (int)nameLength)) > MaxTypeNameNesting)
                    {
                        return WireScanResult.Malformed;
                    }

                    reader.Skip(nameLength);
                    break;
            }

            switch ((WireType)(tag & Tag.WireTypeMask))
            {
                case WireType.VarInt or WireType.Reference:
                    _ = reader.ReadVarUInt64();
                    break;
                case WireType.TagDelimited:
                    if (++depth > maxDepth)
                    {
                        return WireScanResult.TooDeep;
                    }

                    break;
                case WireType.LengthPrefixed:
                    var blobLength = reader.ReadVarUInt32();
                    if (blobLength > bytes.Length - reader.Position)
                    {
                        return WireScanResult.Malformed;
                    }

                    reader.Skip(blobLength);
                    break;
                case WireType.Fixed32:
                    reader.Skip(4);
                    break;
                case WireType.Fixed64:
                    reader.Skip(8);
                    break;
                default:
                    return WireScanResult.Malformed;
            }

            if (oneField && depth == 0)
            {
                length = (int)reader.Position;
                return WireScanResult.Within;
            }
        }

        if (oneField)
        {
            return WireScanResult.Malformed;
        }

        length = (int)reader.Position;
        return depth == 0 && reader.Position == bytes.Length ? WireScanResult.Within : WireScanResult.Malformed;
    }

    private static int Nesting(ReadOnlySpan<byte> typeName)
    {
        int depth = 0, deepest = 0;
        foreach (var c in typeName)
        {
            if (c is (byte)'[' or (byte)'<' or (byte)'(')
            {
                deepest = Math.Max(deepest, ++depth);
            }
            else if (c is (byte)']' or (byte)'>' or (byte)')')
            {
                depth--;
            }
        }

        return deepest;
    }
}
