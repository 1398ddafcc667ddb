using MochiOrleans.Internal.Transfers;

namespace MochiOrleans.Grains;

/// <summary>The answer of a bulk's owner to one chunk: the bytes read (for a read), or why it refused.</summary>
/// <param name="Error">Why the chunk was refused, or <see langword="null"/>.</param>
/// <param name="Message">What was refused, when <paramref name="Error"/> is set.</param>
/// <param name="Data">The bytes read; empty for a write.</param>
[GenerateSerializer, Immutable, Alias("mochi.BulkReply")]
internal sealed record BulkReply(
    [property: Id(0)] MargoErrorCode? Error,
    [property: Id(1)] string? Message,
    [property: Id(2)] BulkBytes Data)
{
    /// <summary>A write that landed.</summary>
    public static readonly BulkReply Written = new(null, null, BulkBytes.Empty);

    /// <summary>A refused chunk.</summary>
    public static BulkReply Refused(MargoErrorCode code, string message) => new(code, message, BulkBytes.Empty);
}
