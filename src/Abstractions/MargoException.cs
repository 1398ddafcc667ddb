namespace MochiOrleans;

/// <summary>
/// The one exception type a MochiOrleans caller has to handle: a failed RPC or a refused engine operation,
/// with a <see cref="MargoErrorCode"/> saying why.
/// </summary>
/// <remarks>
/// Serializable by Orleans with its code, so that a silo can refuse a cluster call with one (for example
/// <see cref="MargoErrorCode.Permission"/> for a missing access token) and the caller sees the same code.
/// </remarks>
[GenerateSerializer, Alias("mochi.MargoException")]
public class MargoException : Exception
{
    /// <summary>Creates an exception with a code and a human-readable message.</summary>
    /// <param name="code">Why the operation failed.</param>
    /// <param name="message">What failed, naming the RPC, provider or argument involved.</param>
    /// <param name="rpcName">The RPC being called, if any.</param>
    /// <param name="providerId">The provider id being called, if any.</param>
    /// <param name="remoteExceptionType">For <see cref="MargoErrorCode.RemoteError"/>: the full type name of the handler's exception.</param>
    /// <param name="innerException">The local exception that caused this one, if any.</param>
    public MargoException(
        MargoErrorCode code,
        string message,
        string? rpcName = null,
        ushort? providerId = null,
        string? remoteExceptionType = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        RpcName = rpcName;
        ProviderId = providerId;
        RemoteExceptionType = remoteExceptionType;
    }

    /// <summary>Why the operation failed.</summary>
    [Id(0)]
    public MargoErrorCode Code { get; }

    /// <summary>The RPC being called when the failure happened, if any.</summary>
    [Id(1)]
    public string? RpcName { get; }

    /// <summary>The provider id being called when the failure happened, if any.</summary>
    [Id(2)]
    public ushort? ProviderId { get; }

    /// <summary>For <see cref="MargoErrorCode.RemoteError"/>: the full type name of the exception the handler threw.</summary>
    [Id(3)]
    public string? RemoteExceptionType { get; }

    /// <summary>For <see cref="MargoErrorCode.RemoteError"/>: the handler's stack trace, when the server sends stack traces.</summary>
    [Id(4)]
    public string? RemoteStackTrace { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{GetType().FullName} ({Code}): {Message}";
}
