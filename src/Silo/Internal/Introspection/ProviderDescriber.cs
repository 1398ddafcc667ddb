using MochiOrleans.Grains;
using MochiOrleans.Internal.Providers;
using MochiOrleans.Internal.Registry;

namespace MochiOrleans.Internal.Introspection;

/// <summary>Describes the providers registered on this silo for a provider listing.</summary>
internal static class ProviderDescriber
{
    public static ProviderDescription Describe(ProviderRegistration registration, string engineAddress)
    {
        var rpcs = registration.Methods
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => new RpcDescription(
                pair.Key,
                pair.Value.Attribute.DisableResponse,
                [.. pair.Value.Parameters.Select(p => new ParameterDescription(p.Name, CSharpTypeName.Of(p.Type), p.IsOptional))],
                CSharpTypeName.ResponseOf(pair.Value.Method, pair.Value.UsesHandle)))
            .ToArray();
        return new ProviderDescription(
            ServiceNameOf(registration.GrainKey),
            registration.ProviderId,
            registration.IsInstance,
            registration.Instance is IExternalProvider external ? external.EngineAddress : registration.IsInstance ? engineAddress : null,
            rpcs);
    }

    /// <summary>
    /// The service part of a grain key <c>"service:providerId"</c>: what <c>DeregisterProviderAsync</c> takes back.
    /// A single function registered under a full RPC name is its own service.
    /// </summary>
    public static string ServiceNameOf(string grainKey) => grainKey[..grainKey.LastIndexOf(':')];
}
