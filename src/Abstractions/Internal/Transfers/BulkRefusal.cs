namespace MochiOrleans.Internal.Transfers;

/// <summary>Why an owner stops serving a bulk part way through a data channel: the code the transfer raises, and why.</summary>
internal sealed record BulkRefusal(MargoErrorCode Code, string Message);
