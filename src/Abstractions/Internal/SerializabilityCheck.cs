using System.Collections.Concurrent;
using Orleans.Serialization.Serializers;

namespace MochiOrleans.Internal;

/// <summary>
/// Finds a value Orleans cannot serialize before a call is sent. Calls within one silo are not serialized at all, so
/// without this check a type without a codec would work on one silo and fail once the cluster grows; with it, it fails
/// the same way everywhere, naming the type. <see cref="ValueInspection"/> asks it about every type in a value.
/// </summary>
internal sealed class SerializabilityCheck(ICodecProvider codecs)
{
    private readonly ConcurrentDictionary<Type, bool> _serializable = new();

    /// <summary>Whether Orleans has a codec for <paramref name="type"/> (cached).</summary>
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
