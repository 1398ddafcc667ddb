using System.Collections;

namespace MochiOrleans.Internal;

/// <summary>
/// A cheap upper-bound estimate of how many bytes values take on the wire, so that an oversized argument or response
/// is refused before Orleans serializes it: a message over Orleans' own body limit closes the whole connection,
/// failing every other call on it.
/// </summary>
/// <remarks>
/// Counts what is large in practice — byte arrays, strings, arrays and collections of them — exactly or from above;
/// other objects count a small constant per object (their large members are only seen when they are collections).
/// Stops as soon as the running total exceeds the limit.
/// </remarks>
internal static class PayloadSize
{
    private const int MaxDepth = 8;
    private const long ObjectOverhead = 16;

    /// <summary>Returns <see langword="true"/> when the values certainly fit in <paramref name="limit"/> bytes as far as can be estimated.</summary>
    public static bool Fits(object?[] args, IReadOnlyDictionary<string, object?>? kwargs, long limit, out long estimate)
    {
        estimate = 0;
        foreach (var arg in args)
        {
            estimate += Of(arg, limit - estimate, 0);
            if (estimate > limit)
            {
                return false;
            }
        }

        if (kwargs is not null)
        {
            foreach (var (name, value) in kwargs)
            {
                estimate += (2L * name.Length) + Of(value, limit - estimate, 0);
                if (estimate > limit)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Estimates one value, giving up early once <paramref name="budget"/> is exceeded.</summary>
    public static long Of(object? value, long budget, int depth)
    {
        switch (value)
        {
            case null:
                return 1;
            case byte[] bytes:
                return bytes.LongLength + 8;
            case string text:
                return (3L * text.Length) + 8; // UTF-8 upper bound
            case Array array when array.GetType().GetElementType() is { IsPrimitive: true } element:
                return ((long)array.Length * ElementSize(element)) + 8;
            case IEnumerable items when depth < MaxDepth:
                long total = 8;
                foreach (var item in items)
                {
                    total += Of(item, budget - total, depth + 1);
                    if (total > budget)
                    {
                        break;
                    }
                }

                return total;
            default:
                return value.GetType().IsPrimitive ? 8 : ObjectOverhead;
        }
    }

    private static int ElementSize(Type element) =>
        element == typeof(byte) || element == typeof(sbyte) || element == typeof(bool) ? 1
        : element == typeof(short) || element == typeof(ushort) || element == typeof(char) ? 2
        : element == typeof(int) || element == typeof(uint) || element == typeof(float) ? 4
        : 8;
}
