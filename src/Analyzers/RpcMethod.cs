using Microsoft.CodeAnalysis;

namespace MochiOrleans.Analyzers;

/// <summary>A method a provider serves as an RPC, with the names registration would give it (no registration override).</summary>
internal sealed class RpcMethod
{
    public RpcMethod(IMethodSymbol method, AttributeData? remote, string rpcName, string fullName, bool disableResponse, bool isProxied)
    {
        Method = method;
        Remote = remote;
        RpcName = rpcName;
        FullName = fullName;
        DisableResponse = disableResponse;
        IsProxied = isProxied;
    }

    /// <summary>The method that runs (for an interface implementation, the class's method).</summary>
    public IMethodSymbol Method { get; }

    /// <summary>Its <c>[Remote]</c> attribute, if it has one.</summary>
    public AttributeData? Remote { get; }

    /// <summary>The RPC name within its service.</summary>
    public string RpcName { get; }

    /// <summary>The wire name: service name, <c>_</c>, RPC name.</summary>
    public string FullName { get; }

    public bool DisableResponse { get; }

    /// <summary>Whether this is a method of a <c>[Provider]</c> interface, which typed proxies implement.</summary>
    public bool IsProxied { get; }

    public string DisplayName => MochiSymbols.DisplayName(Method);

    /// <summary>Whether the method is declared in source, so a diagnostic can point at it.</summary>
    public bool IsInSource => Method.Locations.Length > 0 && Method.Locations[0].IsInSource;

    public Location Location => Method.Locations[0];

    /// <summary>Whether the method is written in <paramref name="type"/>, so that its diagnostics belong there (reported once, not per derived type).</summary>
    public bool IsDeclaredIn(INamedTypeSymbol type) => IsInSource && SymbolEqualityComparer.Default.Equals(Method.ContainingType, type);
}
