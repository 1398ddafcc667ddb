using System.Collections.Concurrent;
using Orleans.Serialization.Serializers;

namespace MochiOrleans.Internal;

/// <summary>
/// Finds a value Orleans cannot serialize before a call is sent. Calls within one silo are not serialized at all, so
/// without this check a type without a codec would work on one silo and fail once the cluster grows; with it, it fails
/// the same way everywhere, naming the type. Checks the runtime type of each top-level value (cached per type).
/// </summary>
internal sealed class SerializabilityCheck(ICodecProvider codecs)
{
    private readonly ConcurrentDictionary<Type, bool> _serializable = new();

    /// <summary>Returns the first value type without an Orleans codec, or <see langword="null"/>.</summary>
    public Type? FindUnserializable(object?[] args, IReadOnlyDictionary<string, object?>? kwargs)
    {
        foreach (var arg in args)
        {
            if (arg is not null && !IsSerializable(arg.GetType()))
            {
                return arg.GetType();
            }
        }

        if (kwargs is not null)
        {
            foreach (var value in kwargs.Values)
            {
                if (value is not null && !IsSerializable(value.GetType()))
                {
                    return value.GetType();
                }
            }
        }

        return null;
    }

    public bool IsSerializable(Type type) => _serializable.GetOrAdd(type, HasCodec, codecs);

    private static bool HasCodec(Type type, ICodecProvider codecs)
    {
        try
        {
            return codecs.TryGetCodec(type) is not null;
        }
        catch (Exception exception) when (exception is NotSupportedException or InvalidOperationException or ArgumentException)
        {
            return false;
        }
    }
}
