using System.Collections;
using System.Globalization;
using Google.Protobuf;
using MochiOrleans.Gateway.Protocol;

namespace MochiOrleans.Gateway.Internal;

/// <summary>
/// Turns a handler's response into a gateway value: null, <see cref="bool"/>, every integer type that fits in 64 signed
/// bits, <see cref="float"/> and <see cref="double"/>, <see cref="string"/> and <see cref="char"/>, byte buffers
/// (<c>byte[]</c>, <see cref="Memory{T}"/>, <see cref="ReadOnlyMemory{T}"/>, <see cref="ArraySegment{T}"/>),
/// dictionaries with string keys, and any other sequence as a list. Anything else (records, custom classes) has no
/// gateway form: the caller gets <see cref="MargoErrorCode.RemoteError"/> naming the type.
/// </summary>
internal static class ValueEncoder
{
    /// <summary>Encodes a response.</summary>
    /// <exception cref="MargoException"><see cref="MargoErrorCode.RemoteError"/>: a value without a gateway form, or nested too deeply.</exception>
    public static Value Encode(object? value, int maxDepth) => Encode(value, maxDepth, 0);

    private static Value Encode(object? value, int maxDepth, int depth)
    {
        switch (value)
        {
            case null:
                return new Value { Kind = Kind.Null };
            case bool b:
                return new Value { Kind = Kind.Bool, BoolValue = b };
            case sbyte or byte or short or ushort or int or uint or long:
                return new Value { Kind = Kind.Int, IntValue = Convert.ToInt64(value, CultureInfo.InvariantCulture) };
            case ulong u when u <= long.MaxValue:
                return new Value { Kind = Kind.Int, IntValue = (long)u };
            case float or double:
                return new Value { Kind = Kind.Double, DoubleValue = Convert.ToDouble(value, CultureInfo.InvariantCulture) };
            case string s:
                return new Value { Kind = Kind.String, StringValue = s };
            case char c:
                return new Value { Kind = Kind.String, StringValue = c.ToString() };
            case byte[] bytes:
                return new Value { Kind = Kind.Bytes, BytesValue = ByteString.CopyFrom(bytes) };
            case Memory<byte> memory:
                return new Value { Kind = Kind.Bytes, BytesValue = ByteString.CopyFrom(memory.Span) };
            case ReadOnlyMemory<byte> memory:
                return new Value { Kind = Kind.Bytes, BytesValue = ByteString.CopyFrom(memory.Span) };
            case ArraySegment<byte> segment:
                return new Value { Kind = Kind.Bytes, BytesValue = ByteString.CopyFrom(segment.AsSpan()) };
            case IDictionary dictionary:
                return EncodeMap(dictionary, maxDepth, Deeper(depth, maxDepth));
            case IEnumerable sequence:
                var list = new Value { Kind = Kind.List };
                var itemDepth = Deeper(depth, maxDepth);
                foreach (var item in sequence)
                {
                    list.Items.Add(Encode(item, maxDepth, itemDepth));
                }

                return list;
            default:
                throw Unrepresentable(value.GetType());
        }
    }

    private static Value EncodeMap(IDictionary dictionary, int maxDepth, int depth)
    {
        var map = new Value { Kind = Kind.Map };
        foreach (DictionaryEntry entry in dictionary)
        {
            if (entry.Key is not string key)
            {
                throw new MargoException(
                    MargoErrorCode.RemoteError,
                    $"The response holds a dictionary keyed by {entry.Key.GetType().FullName}; only string keys cross the gateway.");
            }

            map.Keys.Add(key);
            map.Items.Add(Encode(entry.Value, maxDepth, depth));
        }

        return map;
    }

    private static int Deeper(int depth, int maxDepth) =>
        depth < maxDepth
            ? depth + 1
            : throw new MargoException(
                MargoErrorCode.RemoteError,
                string.Create(CultureInfo.InvariantCulture, $"The response nests deeper than {maxDepth} levels of lists and maps (EngineOptions.MaxNestingDepth)."));

    private static MargoException Unrepresentable(Type type) => new(
        MargoErrorCode.RemoteError,
        $"The response is a {type.FullName}, which has no gateway form (null, bool, integers, floating point, string, bytes, lists, string-keyed maps).");
}
