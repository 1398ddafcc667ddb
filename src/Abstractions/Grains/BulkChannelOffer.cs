namespace MochiOrleans.Grains;

/// <summary>
/// Where to open a bulk data channel and the ticket that admits it: handed out by an Orleans call that has already
/// passed the access-token and TLS checks, and good for one connection that moves one range of one bulk.
/// </summary>
/// <param name="Host">The IP address of the silo's data listener.</param>
/// <param name="Port">Its port.</param>
/// <param name="Slot">Which pending transfer the ticket belongs to; not a secret.</param>
/// <param name="Ticket">128 random bits, compared in constant time, usable once and only until it expires.</param>
[GenerateSerializer, Immutable, Alias("mochi.BulkChannelOffer")]
internal sealed record BulkChannelOffer(
    [property: Id(0)] string Host,
    [property: Id(1)] int Port,
    [property: Id(2)] long Slot,
    [property: Id(3)] Guid Ticket);
