namespace MochiOrleans.Grains;

/// <summary>Why an RPC failed, as carried in an <see cref="RpcResponse"/>.</summary>
/// <param name="Code">The error code the caller's <see cref="MargoException"/> will carry.</param>
/// <param name="Message">What failed.</param>
/// <param name="RemoteExceptionType">For <see cref="MargoErrorCode.RemoteError"/>: the handler exception's full type name.</param>
/// <param name="RemoteStackTrace">For <see cref="MargoErrorCode.RemoteError"/>: its stack trace, if the server sends them.</param>
[GenerateSerializer, Immutable, Alias("mochi.RpcError")]
internal sealed record RpcError(
    [property: Id(0)] MargoErrorCode Code,
    [property: Id(1)] string Message,
    [property: Id(2)] string? RemoteExceptionType = null,
    [property: Id(3)] string? RemoteStackTrace = null);
