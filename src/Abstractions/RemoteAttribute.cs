namespace MochiOrleans;

/// <summary>
/// Marks a method of a provider as a remote procedure (PyMargo's <c>@remote</c>).
/// </summary>
/// <remarks>
/// The RPC name is <see cref="RpcName"/> if set, otherwise the method name without a trailing <c>Async</c>,
/// in snake_case (<c>SayHello</c> → <c>say_hello</c>). The full name clients call is
/// <c>serviceName + "_" + rpcName</c>, or the bare RPC name when there is no service name.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class RemoteAttribute : Attribute
{
    /// <summary>The RPC name to use instead of the one derived from the method name.</summary>
    public string? RpcName { get; init; }

    /// <summary>When <see langword="true"/>, the RPC is one-way: callers get no response and do not wait for the handler.</summary>
    public bool DisableResponse { get; init; }

    /// <summary>The service name for this method when neither the registration nor <see cref="ProviderAttribute"/> gives one.</summary>
    public string? ServiceName { get; init; }
}
