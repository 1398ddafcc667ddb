namespace MochiOrleans;

/// <summary>One provider a cluster serves, as <c>Engine.ListProvidersAsync</c> reports it.</summary>
/// <param name="ServiceName">
/// Its service name; <c>""</c> for a provider registered without one. A single function registered with
/// <c>Engine.Register(rpcName, handler)</c> is listed under its RPC name.
/// </param>
/// <param name="ProviderId">Its provider id.</param>
/// <param name="Kind"><c>"instance"</c> for an object living on one engine, <c>"virtual"</c> for one any silo activates.</param>
/// <param name="Location">The engine address an instance provider lives on; <see langword="null"/> for a virtual one.</param>
/// <param name="Rpcs">Its RPCs, by name.</param>
public sealed record ProviderInfo(string ServiceName, ushort ProviderId, string Kind, string? Location, IReadOnlyList<RpcInfo> Rpcs)
{
    /// <summary>The <see cref="Kind"/> of a provider object living on one engine.</summary>
    public const string InstanceKind = "instance";

    /// <summary>The <see cref="Kind"/> of a provider any silo configured with it activates on demand.</summary>
    public const string VirtualKind = "virtual";
}
