namespace MochiOrleans.Grains;

/// <summary>
/// The outcome of one RPC: a value, or an <see cref="RpcError"/>. Grains answer failures with a response instead of
/// throwing, so that any handler exception reaches the caller as a typed <see cref="MargoException"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("mochi.RpcResponse")]
public sealed class RpcResponse
{
    /// <summary>The response of a call whose handler produced nothing (<c>void</c>, <see cref="Task"/>, one-way).</summary>
    public static readonly RpcResponse Empty = new(null, null);

    private RpcResponse(object? value, RpcError? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The handler's response when <see cref="Error"/> is <see langword="null"/>.</summary>
    [Id(0)] public object? Value { get; }

    /// <summary>Why the call failed, or <see langword="null"/> when it succeeded.</summary>
    [Id(1)] public RpcError? Error { get; }

    /// <summary>A successful response carrying <paramref name="value"/>.</summary>
    public static RpcResponse FromValue(object? value) => value is null ? Empty : new(value, null);

    /// <summary>A failed response.</summary>
    public static RpcResponse FromError(RpcError error) => new(null, error);

    /// <summary>A failed response with <paramref name="code"/> and <paramref name="message"/>.</summary>
    public static RpcResponse FromError(MargoErrorCode code, string message) => new(null, new RpcError(code, message));
}
