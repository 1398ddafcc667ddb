namespace MochiOrleans.Grains;

/// <summary>
/// The outcome of one RPC: a value, or an <see cref="RpcError"/>. Grains answer failures with a response instead of
/// throwing, so that any handler exception reaches the caller as a typed <see cref="MargoException"/>.
/// </summary>
/// <remarks>
/// The value travels as a <see cref="WireValue"/>, checked by the receiver before Orleans deserializes it; a value
/// refused on the way (too deep, too large, unreadable) turns the response into a
/// <see cref="MargoErrorCode.RemoteError"/>: the handler ran, its response cannot be delivered.
/// </remarks>
[GenerateSerializer, Immutable, Alias("mochi.RpcResponse")]
internal sealed class RpcResponse
{
    /// <summary>The response of a call whose handler produced nothing (<c>void</c>, <see cref="Task"/>, one-way).</summary>
    public static readonly RpcResponse Empty = new(null, null);

    [Id(1)]
    private readonly RpcError? _error;

    private RpcResponse(object? value, RpcError? error)
    {
        Payload = new WireValue(value);
        _error = error;
    }

    /// <summary>The handler's response when <see cref="Error"/> is <see langword="null"/>.</summary>
    public object? Value => Payload.Value;

    /// <summary>Why the call failed, or <see langword="null"/> when it succeeded.</summary>
    public RpcError? Error => _error ?? (Payload.Refusal is { } refusal ? new RpcError(MargoErrorCode.RemoteError, $"The response cannot be delivered: {refusal}") : null);

    [Id(0)] internal WireValue Payload { get; }

    /// <summary>A successful response carrying <paramref name="value"/>.</summary>
    public static RpcResponse FromValue(object? value) => value is null ? Empty : new(value, null);

    /// <summary>A failed response.</summary>
    public static RpcResponse FromError(RpcError error) => new(null, error);

    /// <summary>A failed response with <paramref name="code"/> and <paramref name="message"/>.</summary>
    public static RpcResponse FromError(MargoErrorCode code, string message) => new(null, new RpcError(code, message));
}
