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
    public static object?[] DecodeArguments(RepeatedField<Value> args, int maxDepth) => DecodeList(args, maxDepth, 0);

    /// <summary>Decodes keyword arguments (a map value, or none); <see langword="null"/> for none.</summary>
    /// <exception cref="MargoException"><see cref="MargoErrorCode.InvalidArgument"/>: not a map, too deep, or a name given twice.</exception>
    public static Dictionary<string, object?>? DecodeKeywords(Value? kwargs, int maxDepth) => kwargs switch
    {
        null or { Kind: Kind.Null } => null,
        { Kind: Kind.Map } => kwargs.Items.Count == 0 ? null : DecodeMap(kwargs, maxDepth, 0, "keyword argument"),
        _ => throw Invalid($"Keyword arguments must be a map value, not {kwargs.Kind}."),
    };

    /// <summary>Decodes one value (an external provider's response).</summary>
    /// <exception cref="MargoException"><see cref="MargoErrorCode.InvalidArgument"/>: too deep, or a map repeats a key.</exception>
    public static object? DecodeValue(Value value, int maxDepth) => Decode(value, maxDepth, 0);

    private static object? Decode(Value value, int maxDepth, int depth) => value.Kind switch
    {
        Kind.Null => null,
        Kind.Bool => value.BoolValue,
        Kind.Int => value.IntValue is >= int.MinValue and <= int.MaxValue ? (object)(int)value.IntValue : value.IntValue,
        Kind.Double => value.DoubleValue,
        Kind.String => value.StringValue,
        Kind.Bytes => value.BytesValue.ToByteArray(),
        Kind.List => DecodeList(value.Items, maxDepth, Deeper(depth, maxDepth)),
        Kind.Map => DecodeMap(value, maxDepth, Deeper(depth, maxDepth), "map key"),
        _ => throw Invalid($"A value of an unknown kind ({(int)value.Kind}) arrived; this gateway speaks mochi.gateway.v1."),
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

    private static Dictionary<string, object?> DecodeMap(Value value, int maxDepth, int depth, string what)
    {
        if (value.Keys.Count != value.Items.Count)
        {
            throw Invalid(string.Create(CultureInfo.InvariantCulture, $"A map value has {value.Keys.Count} keys for {value.Items.Count} values."));
        }

        var map = new Dictionary<string, object?>(value.Items.Count, StringComparer.Ordinal);
        for (var i = 0; i < value.Items.Count; i++)
        {
            if (!map.TryAdd(value.Keys[i], Decode(value.Items[i], maxDepth, depth)))
            {
                throw Invalid($"The {what} '{value.Keys[i]}' is given twice.");
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
