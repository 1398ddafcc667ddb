namespace MochiOrleans.Grains;

/// <summary>
/// The answer of a bulk's owner when asked to move a range over a data channel: refused (the same codes as a chunk),
/// unavailable (no listener, or no connection could be made: the transfer falls back to chunks as Orleans messages),
/// or under way (with the offer to connect to, when the owner listens).
/// </summary>
/// <param name="Error">Why the transfer was refused, or <see langword="null"/>.</param>
/// <param name="Message">What was refused, or why no channel could be made.</param>
/// <param name="Offer">Where to connect, when the owner's silo listens for the channel.</param>
/// <param name="Unavailable">Whether no channel could be made, and the transfer must use Orleans messages.</param>
[GenerateSerializer, Immutable, Alias("mochi.BulkChannelReply")]
internal sealed record BulkChannelReply(
    [property: Id(0)] MargoErrorCode? Error,
    [property: Id(1)] string? Message,
    [property: Id(2)] BulkChannelOffer? Offer,
    [property: Id(3)] bool Unavailable)
{
    /// <summary>The owner connected to the transferring silo's listener and moves the range.</summary>
    public static readonly BulkChannelReply Connected = new(null, null, null, false);

    /// <summary>The owner's silo listens at <paramref name="offer"/>.</summary>
    public static BulkChannelReply Offered(BulkChannelOffer offer) => new(null, null, offer, false);

    /// <summary>A refusal, for the same reasons as a chunk's.</summary>
    public static BulkChannelReply Refused(MargoErrorCode code, string message) => new(code, message, null, false);

    /// <summary>The owner switched channels off: the transfer goes by Orleans messages, as configured (no warning).</summary>
    public static readonly BulkChannelReply Off = new(null, null, null, true);

    /// <summary>No channel could be made: the transfer goes by Orleans messages, and the transferring engine warns why.</summary>
    public static BulkChannelReply NoChannel(string reason) => new(null, reason, null, true);
}
