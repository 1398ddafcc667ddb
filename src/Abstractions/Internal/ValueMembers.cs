using System.Collections.Concurrent;
using System.Reflection;

namespace MochiOrleans.Internal;

/// <summary>
/// The members Orleans serializes of a value that is neither a scalar nor a collection: a key-value pair's key and
/// value, and the <see cref="IdAttribute">[Id]</see> members of a <see cref="GenerateSerializerAttribute">[GenerateSerializer]</see>
/// type (its public properties when it numbers none itself, as records' primary constructor parameters). Other types
/// have no members here: Orleans serializes them with codecs of their own.
/// </summary>
internal static class ValueMembers
{
    private static readonly ConcurrentDictionary<Type, Func<object, object?>[]?> Cache = new();

    /// <summary>The accessors of <paramref name="type"/>'s serialized members, or <see langword="null"/> when it has none to walk.</summary>
    public static Func<object, object?>[]? Of(Type type) => Cache.GetOrAdd(type, Find);

    private static Func<object, object?>[]? Find(Type type)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(KeyValuePair<,>))
        {
            return [Getter(type.GetProperty("Key")!), Getter(type.GetProperty("Value")!)];
        }

        if (!type.IsDefined(typeof(GenerateSerializerAttribute), inherit: false))
        {
            return null;
        }

        var accessors = new List<Func<object, object?>>();
        for (var level = type; level is not null && level != typeof(object); level = level.BaseType)
        {
            const BindingFlags declared = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
            accessors.AddRange(level.GetFields(declared).Where(f => f.IsDefined(typeof(IdAttribute))).Select(Getter));
            accessors.AddRange(level.GetProperties(declared).Where(p => p.IsDefined(typeof(IdAttribute)) && p.GetMethod is not null).Select(Getter));
        }

        if (accessors.Count == 0)
        {
            accessors.AddRange(type.GetProperties(BindingFlags.Instance | BindingFlags.Public)
                .Where(p => p.GetMethod is not null && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
                .Select(Getter));
        }

        return [.. accessors];
    }

    private static Func<object, object?> Getter(FieldInfo field) => field.GetValue;

    private static Func<object, object?> Getter(PropertyInfo property) => property.GetValue;
}
