using System.Buffers.Binary;
using Orleans.Serialization;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Session;

namespace MochiOrleans.Internal.Networking;

/// <summary>
/// Checks one Orleans message frame (header length, body length, header, body) without deserializing it: the
/// tag-delimited values inside it must nest at most a bound, and it must be in Orleans' format, because Orleans'
/// deserializer recurses once per level (over fields it does not know too) and a stack overflow kills the process.
/// </summary>
/// <remarks>
/// Follows Orleans 10's <c>MessageSerializer</c>: the header is raw data (packed flags, correlation id, two grain ids,
/// two silo addresses, then, per flag, a time to live, the interface type and version, cache invalidation entries and
/// the request context), and only the cache invalidation entries and the request context values are serialized
/// values that can nest; the body is one serialized value. Values are scanned with <see cref="WireDepthScan"/>,
/// which skips length-prefixed blobs (such as MochiOrleans' argument envelopes) in O(1).
/// </remarks>
internal static class FrameCheck
{
    /// <summary>The two 32-bit lengths in front of every frame.</summary>
    public const int FramingLength = 8;

    // Message.MessageFlags in Orleans 10.
    private const uint HasRequestContextData = 1 << 4;
    private const uint HasInterfaceVersion = 1 << 5;
    private const uint HasInterfaceType = 1 << 6;
    private const uint HasCacheInvalidationHeader = 1 << 7;
    private const uint HasTimeToLive = 1 << 8;

    /// <summary>Reads the lengths of the frame that <paramref name="framing"/> (8 bytes) starts.</summary>
    public static (int HeaderLength, int BodyLength) ReadLengths(ReadOnlySpan<byte> framing)
        => (BinaryPrimitives.ReadInt32LittleEndian(framing), BinaryPrimitives.ReadInt32LittleEndian(framing[4..]));

    /// <summary>Checks a message header.</summary>
    public static WireScanResult ScanHeader(ReadOnlySpan<byte> header, int maxDepth, SerializerSession session)
    {
        try
        {
            return ScanHeaderFields(header, maxDepth, session);
        }
        catch (Exception exception) when (exception is SerializerException or ArgumentException or InvalidOperationException or IndexOutOfRangeException or OverflowException)
        {
            return WireScanResult.Malformed;
        }
    }

    /// <summary>Checks a message body: one serialized value, or nothing.</summary>
    public static WireScanResult ScanBody(ReadOnlySpan<byte> body, int maxDepth, SerializerSession session)
        => body.IsEmpty ? WireScanResult.Within : WireDepthScan.Scan(body, maxDepth, session);

    private static WireScanResult ScanHeaderFields(ReadOnlySpan<byte> header, int maxDepth, SerializerSession session)
    {
        var reader = Reader.Create(header, session);
        var flags = reader.ReadUInt32();
        reader.Skip(sizeof(long));
        for (var idSpan = 0; idSpan < 4; idSpan++)
        {
            SkipIdSpan(ref reader);
        }

        for (var silo = 0; silo < 2; silo++)
        {
            reader.Skip(reader.ReadVarUInt32());
        }

        if ((flags & HasTimeToLive) != 0)
        {
            reader.Skip(sizeof(int));
        }

        if ((flags & HasInterfaceType) != 0)
        {
            SkipIdSpan(ref reader);
        }

        if ((flags & HasInterfaceVersion) != 0)
        {
            _ = reader.ReadVarUInt32();
        }

        if ((flags & HasCacheInvalidationHeader) != 0)
        {
            var count = reader.ReadVarUInt32();
            for (var i = 0u; i < count; i++)
            {
                if (!TrySkipValue(header, ref reader, maxDepth, session, out var result))
                {
                    return result;
                }
            }
        }

        if ((flags & HasRequestContextData) != 0)
        {
            var count = reader.ReadVarUInt32();
            for (var i = 0u; i < count; i++)
            {
                // The key: a var-int of its UTF-8 length plus one (0 for null), then the bytes.
                var keyLength = reader.ReadVarUInt32();
                if (keyLength > 1)
                {
                    reader.Skip(keyLength - 1);
                }

                if (!TrySkipValue(header, ref reader, maxDepth, session, out var result))
                {
                    return result;
                }
            }
        }

        // Orleans ignores bytes after the fields it reads; so does the check.
        return reader.Position <= header.Length ? WireScanResult.Within : WireScanResult.Malformed;
    }

    private static void SkipIdSpan(ref Reader<SpanReaderInput> reader)
    {
        var length = reader.ReadVarUInt32();
        if (length != 0)
        {
            reader.Skip(sizeof(int) + length);
        }
    }

    private static bool TrySkipValue(ReadOnlySpan<byte> header, ref Reader<SpanReaderInput> reader, int maxDepth, SerializerSession session, out WireScanResult result)
    {
        var start = (int)reader.Position;
        if (start >= header.Length)
        {
            result = WireScanResult.Malformed;
            return false;
        }

        result = WireDepthScan.ScanField(header[start..], maxDepth, session, out var length);
        if (result != WireScanResult.Within)
        {
            return false;
        }

        reader.Skip((uint)length);
        return true;
    }
}
