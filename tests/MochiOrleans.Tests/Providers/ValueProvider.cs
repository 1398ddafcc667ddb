using System.Collections;
using System.Runtime.CompilerServices;

namespace MochiOrleans.Tests.Providers;

/// <summary>Handlers that accept, measure and return values of any shape, depth and size.</summary>
[Provider("values")]
public sealed class ValueProvider
{
    public const int MiB = 1024 * 1024;

    /// <summary>Takes anything; answers how deeply its containers nest, measured here without recursion.</summary>
    [Remote]
    public int Depth(object? value) => NestingOracle.DepthOf(value);

    [Remote]
    public object? Echo(object? value) => value;

    /// <summary>A value nested <paramref name="depth"/> levels deep, of containers <paramref name="kinds"/> picks in turn.</summary>
    [Remote]
    public object? Nested(int depth, string kinds) => NestingOracle.Build(depth, kinds, leaf: 1);

    [Remote]
    public object InDictionary(int bytes) => new Dictionary<string, object?> { ["blob"] = new byte[bytes] };

    [Remote]
    public object UnserializableInList() => new List<object> { new Random(1) };

    [Remote]
    public string LoneSurrogate() => "ab\uD800cd";

    [Remote]
    public int Five() => 5;
}

/// <summary>A record Orleans serializes by its generated codec, holding anything.</summary>
[GenerateSerializer]
public sealed record Box([property: Id(0)] object? Inner, [property: Id(1)] int Tag = 0);

/// <summary>
/// The tests' own idea of nesting, independent of the product's: each list, array (but byte[]), dictionary, tuple,
/// key-value pair and <see cref="Box"/> is one level (byte buffers are leaves); values are built and measured with loops, never recursion.
/// </summary>
public static class NestingOracle
{
    /// <summary>Container kinds, one letter each: List, Array, Dictionary, Tuple, Value tuple, key-value Pair, Box record.</summary>
    public const string Kinds = "LADTVPB";

    public static object? Build(int depth, string kinds, object? leaf)
    {
        var value = leaf;
        for (var level = 0; level < depth; level++)
        {
            value = kinds[level % kinds.Length] switch
            {
                'L' => new List<object?> { value },
                'A' => new object?[] { value, 2 },
                'D' => new Dictionary<string, object?> { ["k"] = value },
                'T' => Tuple.Create(value, level),
                'V' => (object)(value, level),
                'P' => new KeyValuePair<string, object?>("k", value),
                'B' => new Box(value, level),
                var other => throw new ArgumentException($"Unknown container kind '{other}'.", nameof(kinds)),
            };
        }

        return value;
    }

    public static int DepthOf(object? value)
    {
        var deepest = 0;
        var pending = new Stack<(object? Value, int Level)>();
        pending.Push((value, 0));
        while (pending.Count > 0)
        {
            var (current, level) = pending.Pop();
            var children = current switch
            {
                null or string or byte[] or ArraySegment<byte> or Memory<byte> or ReadOnlyMemory<byte> => null,
                IDictionary dictionary => dictionary.Keys.Cast<object?>().Concat(dictionary.Values.Cast<object?>()),
                IEnumerable items => items.Cast<object?>(),
                ITuple tuple => Enumerable.Range(0, tuple.Length).Select(i => tuple[i]),
                KeyValuePair<string, object?> pair => [pair.Key, pair.Value],
                Box box => [box.Inner, box.Tag],
                _ => null,
            };
            if (children is null)
            {
                continue;
            }

            deepest = Math.Max(deepest, level + 1);
            foreach (var child in children)
            {
                pending.Push((child, level + 1));
            }
        }

        return deepest;
    }
}
