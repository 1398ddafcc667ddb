namespace MochiOrleans.Internal;

/// <summary>
/// The bounds every value crossing the wire must respect (<c>EngineOptions.MaxNestingDepth</c> and
/// <c>EngineOptions.MaxPayloadBytes</c>). Registered in each client's and silo's services, so that the envelope codec
/// enforces the receiving engine's own bounds on whatever arrives.
/// </summary>
/// <param name="MaxNestingDepth">The deepest nesting of containers (lists, arrays, dictionaries, tuples, records) allowed.</param>
/// <param name="MaxPayloadBytes">The most bytes one argument set or response may take on the wire.</param>
internal sealed record ValueLimits(int MaxNestingDepth, long MaxPayloadBytes)
{
    /// <summary>The default nesting bound (<c>EngineOptions.MaxNestingDepth</c>).</summary>
    public const int DefaultMaxNestingDepth = 64;

    /// <summary>
    /// The largest nesting bound an engine accepts. Orleans (de)serializes recursively and a few thousand levels are
    /// enough to overflow a thread's stack, which kills the process: the bound keeps every allowed value far below.
    /// </summary>
    public const int HighestMaxNestingDepth = 1000;

    /// <summary>The default payload bound (<c>EngineOptions.MaxPayloadBytes</c>), 16 MiB.</summary>
    public const long DefaultMaxPayloadBytes = 16L * 1024 * 1024;

    /// <summary>
    /// The largest payload bound an engine accepts, 48 MiB: a request carries its positional and keyword arguments as
    /// two values each within the bound, and both together must stay below Orleans' 100 MiB message body limit, over
    /// which Orleans closes the whole connection.
    /// </summary>
    public const long HighestMaxPayloadBytes = 48L * 1024 * 1024;

    /// <summary>The bounds of an engine with default options, and of a plain Orleans client without MochiOrleans.</summary>
    public static ValueLimits Default { get; } = new(DefaultMaxNestingDepth, DefaultMaxPayloadBytes);

    /// <summary>
    /// How many tag-delimited levels the serialized form of a value within <see cref="MaxNestingDepth"/> may take: a
    /// container is one level on the wire, but some leaf types (<see cref="DateTimeOffset"/>, surrogate-based types)
    /// take one or two, and the argument array one more. Anything deeper on the wire is certainly too deep and is
    /// refused before Orleans' recursive deserializer sees it; anything within is deserialized and checked exactly.
    /// </summary>
    public int MaxWireDepth => (2 * MaxNestingDepth) + 8;
}
