namespace MochiOrleans.Internal;

/// <summary>
/// A value already in Orleans' wire form, as a sender in another language or a hand-built client produces it: the
/// envelope codec writes its bytes as they are, and the receiver checks them like any other.
/// </summary>
/// <param name="Bytes">The value serialized by Orleans (one root field).</param>
internal sealed record SerializedValue(ReadOnlyMemory<byte> Bytes);
