namespace MochiOrleans.Grains;

/// <summary>
/// One RPC on the wire: what the engine facade sends to <see cref="IDispatchGrain"/>, which forwards the same
/// immutable instance to the <see cref="IProviderGrain"/> serving it.
/// </summary>
[GenerateSerializer, Immutable, Alias("mochi.RpcRequest")]
public sealed class RpcRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="rpcName">The full RPC name (<c>service_method</c>).</param>
    /// <param name="providerId">The provider id to call.</param>
    /// <param name="args">Positional arguments.</param>
    /// <param name="kwargs">Keyword arguments, bound by parameter name; <see langword="null"/> for none.</param>
    /// <param name="caller">
    /// The caller engine's address string, shown to the handler as <see cref="Handle.Address"/>; <see langword="null"/>
    /// when the caller knows the handler takes no <see cref="Handle"/> (it then need not travel with every call).
    /// </param>
    public RpcRequest(string rpcName, ushort providerId, object?[] args, Dictionary<string, object?>? kwargs, string? caller)
    {
        RpcName = rpcName;
        ProviderId = providerId;
        Args = args;
        Kwargs = kwargs;
        Caller = caller;
    }

    /// <summary>The full RPC name (<c>service_method</c>).</summary>
    [Id(0)] public string RpcName { get; }

    /// <summary>The provider id to call.</summary>
    [Id(1)] public ushort ProviderId { get; }

    /// <summary>Positional arguments; never mutated once sent.</summary>
    [Id(2)] public object?[] Args { get; }

    /// <summary>Keyword arguments bound by parameter name, or <see langword="null"/>; never mutated once sent.</summary>
    [Id(3)] public Dictionary<string, object?>? Kwargs { get; }

    /// <summary>The caller engine's address string, or <see langword="null"/> when the handler does not need it.</summary>
    [Id(4)] public string? Caller { get; }
}
