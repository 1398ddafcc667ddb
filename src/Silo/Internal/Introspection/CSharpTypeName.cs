using System.Reflection;

namespace MochiOrleans.Internal.Introspection;

/// <summary>
/// A type as a C# programmer writes it (<c>int</c>, <c>List&lt;string&gt;</c>, <c>int[]</c>, <c>long?</c>), for
/// people reading a provider listing: CLR names such as <c>System.Collections.Generic.List`1</c> say the same less
/// clearly. Reference-type nullability is not recorded at run time, so <c>string?</c> reads <c>string</c>.
/// </summary>
internal static class CSharpTypeName
{
    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(bool)] = "bool",
        [typeof(byte)] = "byte",
        [typeof(sbyte)] = "sbyte",
        [typeof(char)] = "char",
        [typeof(short)] = "short",
        [typeof(ushort)] = "ushort",
        [typeof(int)] = "int",
        [typeof(uint)] = "uint",
        [typeof(long)] = "long",
        [typeof(ulong)] = "ulong",
        [typeof(float)] = "float",
        [typeof(double)] = "double",
        [typeof(decimal)] = "decimal",
        [typeof(string)] = "string",
        [typeof(object)] = "object",
        [typeof(void)] = "void",
    };

    public static string Of(Type type)
    {
        if (Keywords.TryGetValue(type, out var keyword))
        {
            return keyword;
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Of(underlying) + "?";
        }

        if (type.IsArray)
        {
            return Of(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        }

        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return (tick < 0 ? name : name[..tick]) + "<" + string.Join(", ", type.GetGenericArguments().Select(Of)) + ">";
    }

    /// <summary>
    /// What a caller receives from <paramref name="method"/>: the awaited type of a task, <c>void</c> for none, and
    /// <c>object</c> for a handler that answers through its <see cref="Handle"/> with any value.
    /// </summary>
    public static string ResponseOf(MethodInfo method, bool usesHandle)
    {
        if (usesHandle)
        {
            return "object";
        }

        var type = method.ReturnType;
        if (type == typeof(Task) || type == typeof(ValueTask))
        {
            return "void";
        }

        if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            return Of(type.GetGenericArguments()[0]);
        }

        return Of(type);
    }
}
