using System.Globalization;
using Google.Protobuf.Collections;
using MochiOrleans.Gateway.Protocol;

namespace MochiOrleans.Gateway.Internal;

/// <summary>
/// Turns gateway values into the .NET values a handler's parameters bind to (docs/python.md, "Values"): null,
/// <see cref="bool"/>, an integer as <see cref="int"/> when it fits and <see cref="long"/> otherwise, <see cref="double"/>,
/// <see cref="string"/>, <c>byte[]</c>, a list as <c>object?[]</c> and a map as <c>Dictionary&lt;string, object?&gt;</c>.
/// </summary>
/// <remarks>
/// An integer becomes an <see cref="int"/> when it fits because the runtime's binding only widens (int to long or
/// double, never long to int): so 42 binds to an <c>int</c>, <c>long</c> or <c>double</c> parameter, and 2^40 only to
/// <c>long</c>, anything else being <see cref="MargoErrorCode.InvalidArgument"/> naming the parameter. Nesting beyond
/// the engine's <c>MaxNestingDepth</c> is refused here, before any value is built; sizes are checked by the engine's
/// call path, as for .NET callers.
/// </remarks>
internal static class ValueDecoder
{
    /// <summary>Decodes positional arguments.</summary>
    /// <exception cref="MargoException"><see cref="MargoErrorCode.InvalidArgument"/>: too deep, or a map repeats a key.</exception>
    public static object?[] DecodeArguments(RepeatedField<Value> args, int maxDepth)
    {
        var values = new object?[args.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Decode(args[i], maxDepth, 0);
        }

        return values;
    }

    /// <summary>Decodes keyword arguments; <see langword="null"/> for none.</summary>
    /// <exception cref="MargoException"><see cref="MargoErrorCode.InvalidArgument"/>: too deep, or a name given twice.</exception>
    public static Dictionary<string, object?>? DecodeKeywords(RepeatedField<MapEntry> kwargs, int maxDepth) =>
        kwargs.Count == 0 ? null : DecodeMap(kwargs, maxDepth, 0, "keyword argument");

    private static object? Decode(Value value, int maxDepth, int depth) => value.KindCase switch
    {
        Value.KindOneofCase.None or Value.KindOneofCase.NullValue => null,
        Value.KindOneofCase.BoolValue => value.BoolValue,
        Value.KindOneofCase.IntValue => value.IntValue is >= int.MinValue and <= int.MaxValue ? (int)value.IntValue : value.IntValue,
        Value.KindOneofCase.DoubleValue => value.DoubleValue,
        Value.KindOneofCase.StringValue => value.StringValue,
        Value.KindOneofCase.BytesValue => value.BytesValue.ToByteArray(),
        Value.KindOneofCase.ListValue => DecodeList(value.ListValue.Items, maxDepth, Deeper(depth, maxDepth)),
        Value.KindOneofCase.MapValue => DecodeMap(value.MapValue.Entries, maxDepth, Deeper(depth, maxDepth), "map key"),
        _ => throw Invalid($"A value of an unknown kind ({(int)value.KindCase}) arrived; this gateway speaks mochi.gateway.v1."),
    };

    private static object?[] DecodeList(RepeatedField<Value> items, int maxDepth, int depth)
    {
        var list = new object?[items.Count];
        for (var i = 0; i < list.Length; i++)
        {
            list[i] = Decode(items[i], maxDepth, depth);
        }

        return list;
    }

    private static Dictionary<string, object?> DecodeMap(RepeatedField<MapEntry> entries, int maxDepth, int depth, string what)
    {
        var map = new Dictionary<string, object?>(entries.Count, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!map.TryAdd(entry.Key, entry.Value is null ? null : Decode(entry.Value, maxDepth, depth)))
            {
                throw Invalid($"The {what} '{entry.Key}' is given twice.");
            }
        }

        return map;
    }

    private static int Deeper(int depth, int maxDepth) =>
        depth < maxDepth
            ? depth + 1
            : throw Invalid(string.Create(CultureInfo.InvariantCulture, $"The arguments nest deeper than {maxDepth} levels of lists and maps (EngineOptions.MaxNestingDepth)."));

    private static MargoException Invalid(string message) => new(MargoErrorCode.InvalidArgument, message);
}
