using System.Collections;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace MochiOrleans.Internal;

/// <summary>What <see cref="ValueInspection"/> found wrong with a value.</summary>
internal enum ValueProblem
{
    /// <summary>Nothing: the value may travel.</summary>
    None,

    /// <summary>Containers nest deeper than the bound.</summary>
    TooDeep,

    /// <summary>The value takes more bytes than the bound.</summary>
    TooLarge,

    /// <summary>A value of a type Orleans has no codec for.</summary>
    Unserializable,

    /// <summary>A string holds a lone UTF-16 surrogate, which UTF-8 (Orleans' string encoding) cannot carry unchanged.</summary>
    LoneSurrogate,
}

/// <summary>The outcome of one inspection: the first problem found, and how deep and how large the value was found to be.</summary>
/// <param name="Problem">The first problem found, or <see cref="ValueProblem.None"/>.</param>
/// <param name="Depth">The deepest container level seen (the whole value when there is no problem).</param>
/// <param name="Bytes">The estimated wire size seen (the whole value when there is no problem).</param>
/// <param name="Type">For <see cref="ValueProblem.Unserializable"/>: the type without a codec.</param>
internal readonly record struct ValueReport(ValueProblem Problem, int Depth, long Bytes, Type? Type)
{
    /// <summary>Says what is wrong, naming the bound and the option that sets it; <paramref name="what"/> names the value ("the arguments").</summary>
    public string Describe(string what, ValueLimits limits) => Problem switch
    {
        ValueProblem.TooDeep => $"{what} nest deeper than {limits.MaxNestingDepth} levels of lists, arrays, dictionaries, tuples or records (EngineOptions.MaxNestingDepth).",
        ValueProblem.TooLarge => $"{what} take at least {Bytes} bytes, over the {limits.MaxPayloadBytes}-byte limit (EngineOptions.MaxPayloadBytes).",
        ValueProblem.Unserializable => $"{what} hold a {Type?.FullName}, which Orleans cannot serialize; mark the type [GenerateSerializer] or use a supported type.",
        ValueProblem.LoneSurrogate => $"{what} hold a string with a lone UTF-16 surrogate, which cannot travel unchanged (strings travel as UTF-8).",
        _ => $"{what} may travel.",
    };
}

/// <summary>
/// One walk over a value before it is serialized, checking at once its nesting depth, its size on the wire, that
/// Orleans has a codec for every type in it and that its strings survive UTF-8. Orleans' serializer recurses once per
/// level and a stack overflow kills the process, and a message over its size limit closes the whole connection: so
/// this walk is iterative (an explicit stack, never recursion), stops at the first problem, and visits each object
/// once (shared and cyclic references are written once by Orleans too).
/// </summary>
/// <remarks>
/// A container — array, collection, dictionary, tuple, key-value pair, <see cref="GenerateSerializerAttribute">[GenerateSerializer]</see>
/// type — is one level; scalars, strings and byte buffers (<c>byte[]</c>, <see cref="Memory{T}"/>,
/// <see cref="ReadOnlyMemory{T}"/>, <see cref="ArraySegment{T}"/> of bytes) are leaves. Sizes are estimates of
/// Orleans' encoding (exact for bytes and strings, a few bytes per field header); the envelope codec checks the exact
/// serialized length again.
/// </remarks>
internal static class ValueInspection
{
    private const long FieldOverhead = 6;
    private const long ScalarSize = 16;

    /// <summary>Inspects a call's arguments together: their depth each, their size in total.</summary>
    public static ValueReport Inspect(object?[] args, IReadOnlyDictionary<string, object?>? kwargs, ValueLimits limits, SerializabilityCheck? codecs)
    {
        var walk = new Walk(limits.MaxNestingDepth, limits.MaxPayloadBytes, codecs);
        foreach (var arg in args)
        {
            if (!walk.Run(arg))
            {
                return walk.Report;
            }
        }

        if (kwargs is not null)
        {
            foreach (var (name, value) in kwargs)
            {
                if (!walk.Run(name) || !walk.Run(value))
                {
                    return walk.Report;
                }
            }
        }

        return walk.Report;
    }

    /// <summary>Inspects one value (a response).</summary>
    public static ValueReport Inspect(object? value, ValueLimits limits, SerializabilityCheck? codecs)
    {
        var walk = new Walk(limits.MaxNestingDepth, limits.MaxPayloadBytes, codecs);
        walk.Run(value);
        return walk.Report;
    }

    /// <summary>Whether <paramref name="text"/> holds a surrogate that is not part of a pair.</summary>
    public static bool HasLoneSurrogate(string text)
    {
        var rest = text.AsSpan();
        var at = rest.IndexOfAnyInRange('\uD800', '\uDFFF');
        while (at >= 0)
        {
            if (!char.IsHighSurrogate(rest[at]) || at + 1 >= rest.Length || !char.IsLowSurrogate(rest[at + 1]))
            {
                return true;
            }

            rest = rest[(at + 2)..];
            at = rest.IndexOfAnyInRange('\uD800', '\uDFFF');
        }

        return false;
    }

    private struct Walk(int maxDepth, long maxBytes, SerializabilityCheck? codecs)
    {
        private Stack<(IEnumerator Children, int Level)>? _stack;
        private HashSet<object>? _visited;
        private ValueProblem _problem;
        private int _depth;
        private long _bytes;
        private Type? _type;

        public readonly ValueReport Report => new(_problem, _depth, _bytes, _type);

        /// <summary>Walks one top-level value; <see langword="false"/> once a problem is found.</summary>
        public bool Run(object? value)
        {
            if (!Visit(value, 1))
            {
                return false;
            }

            while (_stack is { Count: > 0 })
            {
                var (children, level) = _stack.Peek();
                if (!children.MoveNext())
                {
                    _stack.Pop();
                    continue;
                }

                if (!Visit(children.Current, level + 1))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Counts one value found at <paramref name="level"/> and schedules its children.</summary>
        private bool Visit(object? value, int level)
        {
            _bytes += FieldOverhead;
            switch (value)
            {
                case null:
                    break;
                case string text:
                    if (HasLoneSurrogate(text))
                    {
                        return Fail(ValueProblem.LoneSurrogate);
                    }

                    _bytes += Encoding.UTF8.GetByteCount(text);
                    break;
                case byte[] bytes:
                    _bytes += bytes.LongLength;
                    break;
                case Memory<byte> memory:
                    _bytes += memory.Length;
                    break;
                case ReadOnlyMemory<byte> memory:
                    _bytes += memory.Length;
                    break;
                case ArraySegment<byte> segment:
                    _bytes += segment.Count;
                    break;
                case BigInteger big:
                    _bytes += big.GetByteCount();
                    break;
                default:
                    var type = value.GetType();
                    if (IsScalar(type))
                    {
                        if (type.IsEnum && codecs is not null && !codecs.IsSerializable(type))
                        {
                            _type = type;
                            return Fail(ValueProblem.Unserializable);
                        }

                        _bytes += ScalarSize;
                        break;
                    }

                    return Container(value, type, level);
            }

            return _bytes <= maxBytes || Fail(ValueProblem.TooLarge);
        }

        private bool Container(object value, Type type, int level)
        {
            if (codecs is not null && !codecs.IsSerializable(type))
            {
                _type = type;
                return Fail(ValueProblem.Unserializable);
            }

            var children = Children(value, type);
            if (children is null && !type.IsArray)
            {
                // A type Orleans serializes with a codec of its own (an exception, a surrogate): not walked into.
                _bytes += ScalarSize;
                return _bytes <= maxBytes || Fail(ValueProblem.TooLarge);
            }

            if (!type.IsValueType && !(_visited ??= new HashSet<object>(ReferenceEqualityComparer.Instance)).Add(value))
            {
                // Orleans writes an object it has already written as a reference: neither its size nor depth again.
                return true;
            }

            if (level > maxDepth)
            {
                _depth = level;
                return Fail(ValueProblem.TooDeep);
            }

            _depth = Math.Max(_depth, level);

            if (children is null)
            {
                // An array of primitives: its size without boxing every element.
                var array = (Array)value;
                _bytes += array.LongLength * PrimitiveSize(type.GetElementType()!);
                return _bytes <= maxBytes || Fail(ValueProblem.TooLarge);
            }

            (_stack ??= new()).Push((children, level));
            return true;
        }

        private static IEnumerator? Children(object value, Type type)
        {
            if (value is Array array && type.GetElementType() is { IsPrimitive: true })
            {
                return array.Rank == 1 ? null : array.GetEnumerator();
            }

            return value switch
            {
                IDictionary dictionary => Entries(dictionary),
                IEnumerable items => items.GetEnumerator(),
                ITuple tuple => Items(tuple),
                _ => ValueMembers.Of(type) is { } members ? Members(value, members) : null,
            };
        }

        private bool Fail(ValueProblem problem)
        {
            _problem = problem;
            return false;
        }
    }

    private static IEnumerator Entries(IDictionary dictionary)
    {
        var entries = dictionary.GetEnumerator();
        while (entries.MoveNext())
        {
            yield return entries.Key;
            yield return entries.Value;
        }
    }

    private static IEnumerator Items(ITuple tuple)
    {
        for (var i = 0; i < tuple.Length; i++)
        {
            yield return tuple[i];
        }
    }

    private static IEnumerator Members(object value, Func<object, object?>[] members)
    {
        foreach (var member in members)
        {
            yield return member(value);
        }
    }

    private static int PrimitiveSize(Type element) =>
        element == typeof(byte) || element == typeof(sbyte) || element == typeof(bool) ? 1
        : element == typeof(short) || element == typeof(ushort) || element == typeof(char) ? 2
        : element == typeof(int) || element == typeof(uint) || element == typeof(float) ? 4
        : 8;

    /// <summary>Types Orleans writes as a leaf: primitives, enums and the fixed-size or textual values it has codecs for.</summary>
    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(decimal) || type == typeof(Guid) || type == typeof(DateTime)
        || type == typeof(DateTimeOffset) || type == typeof(TimeSpan) || type == typeof(DateOnly) || type == typeof(TimeOnly)
        || type == typeof(Half) || type == typeof(Int128) || type == typeof(UInt128) || type == typeof(Uri) || type == typeof(Version)
        || type == typeof(object);
}
