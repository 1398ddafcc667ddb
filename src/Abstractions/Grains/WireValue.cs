namespace MochiOrleans.Grains;

/// <summary>
/// A value an envelope carries (a request's arguments, a response's value) in the form
/// <see cref="Internal.WireValueCodec"/> writes: a length-prefixed blob whose depth and size the receiver checks
/// before Orleans' recursive deserializer reads it. A value refused on arrival is replaced by the reason.
/// </summary>
[Immutable]
internal readonly struct WireValue
{
    /// <summary>Wraps a value that may travel.</summary>
    public WireValue(object? value) => Value = value;

    private WireValue(string refusal) => Refusal = refusal;

    /// <summary>The value; <see langword="null"/> when refused.</summary>
    public object? Value { get; }

    /// <summary>Why the value was refused on its way (too deep, too large, unreadable), or <see langword="null"/>.</summary>
    public string? Refusal { get; }

    /// <summary>A value refused for <paramref name="reason"/>; the receiver answers an error instead of using it.</summary>
    public static WireValue Refused(string reason) => new(reason);
}
