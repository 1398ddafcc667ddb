namespace MochiOrleans.Internal;

/// <summary>
/// What travels in place of a value its sender could not send (over the size bound, not serializable) or a silo
/// refused on arrival and forwards: the receiver learns why instead of the call failing in Orleans' messaging.
/// </summary>
/// <param name="Reason">Why the value was refused.</param>
[GenerateSerializer, Immutable, Alias("mochi.RefusedValue")]
internal sealed record RefusedValue([property: Id(0)] string Reason);
