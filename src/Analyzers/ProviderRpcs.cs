using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace MochiOrleans.Analyzers;

/// <summary>
/// The RPCs a type offers, found the way registration finds them (src/Silo/Internal/Providers/ProviderModel.cs): its
/// <c>[Remote]</c> methods, inherited non-private ones included unless overridden, and, as API.md's typed proxies
/// describe, every method of a <c>[Provider]</c> interface (the interface itself, or a class implementing it).
/// </summary>
internal static class ProviderRpcs
{
    public static ImmutableArray<RpcMethod> Of(INamedTypeSymbol type, MochiSymbols symbols) =>
        type.TypeKind switch
        {
            TypeKind.Interface => OfInterface(type, symbols),
            TypeKind.Class or TypeKind.Struct => OfClass(type, symbols),
            _ => ImmutableArray<RpcMethod>.Empty,
        };

    /// <summary>The service name a <c>[Provider]</c> attribute gives, or <see langword="null"/>.</summary>
    public static string? ProviderServiceName(ISymbol type, MochiSymbols symbols) =>
        MochiSymbols.FindAttribute(type, symbols.Provider) is { ConstructorArguments.Length: > 0 } provider
            ? provider.ConstructorArguments[0].Value as string
            : null;

    public static string? NamedString(AttributeData? attribute, string name)
    {
        if (attribute is null)
        {
            return null;
        }

        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == name)
            {
                return argument.Value.Value as string;
            }
        }

        return null;
    }

    private static ImmutableArray<RpcMethod> OfInterface(INamedTypeSymbol type, MochiSymbols symbols)
    {
        if (!MochiSymbols.HasAttribute(type, symbols.Provider))
        {
            return ImmutableArray<RpcMethod>.Empty;
        }

        var service = ProviderServiceName(type, symbols);
        var methods = ImmutableArray.CreateBuilder<RpcMethod>();
        foreach (var member in type.GetMembers())
        {
            if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false } method)
            {
                methods.Add(Create(method, method.Name, MochiSymbols.FindAttribute(method, symbols.Remote), service, isProxied: true));
            }
        }

        return methods.ToImmutable();
    }

    private static ImmutableArray<RpcMethod> OfClass(INamedTypeSymbol type, MochiSymbols symbols)
    {
        var service = ProviderServiceName(type, symbols);
        var methods = ImmutableArray.CreateBuilder<RpcMethod>();
        var included = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        var overridden = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method
                    || overridden.Contains(method)
                    || (!SymbolEqualityComparer.Default.Equals(current, type) && method.DeclaredAccessibility == Accessibility.Private))
                {
                    continue;
                }

                // [Remote] is not inherited: an override without it is not an RPC, and the method it hides is not seen.
                for (var baseMethod = method.OverriddenMethod; baseMethod is not null; baseMethod = baseMethod.OverriddenMethod)
                {
                    overridden.Add(baseMethod);
                }

                if (MochiSymbols.FindAttribute(method, symbols.Remote) is { } remote && included.Add(method))
                {
                    methods.Add(Create(method, method.Name, remote, service, isProxied: false));
                }
            }
        }

        foreach (var contract in type.AllInterfaces)
        {
            if (!MochiSymbols.HasAttribute(contract, symbols.Provider))
            {
                continue;
            }

            var contractService = RpcNaming.ServiceName(service, ProviderServiceName(contract, symbols));
            foreach (var member in contract.GetMembers())
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false } contractMethod
                    && type.FindImplementationForInterfaceMember(contractMethod) is IMethodSymbol implementation
                    && included.Add(implementation))
                {
                    // The contract's name and [Remote] define the RPC (an explicit implementation's name is "ICalc.Sum").
                    var remote = MochiSymbols.FindAttribute(implementation, symbols.Remote) ?? MochiSymbols.FindAttribute(contractMethod, symbols.Remote);
                    methods.Add(Create(implementation, contractMethod.Name, remote, contractService, isProxied: false));
                }
            }
        }

        return methods.ToImmutable();
    }

    private static RpcMethod Create(IMethodSymbol method, string nameSource, AttributeData? remote, string? providerService, bool isProxied)
    {
        var rpcName = RpcNaming.RpcName(nameSource, NamedString(remote, "RpcName"));
        var service = RpcNaming.ServiceName(providerService, NamedString(remote, "ServiceName"));
        var disableResponse = false;
        if (remote is not null)
        {
            foreach (var argument in remote.NamedArguments)
            {
                if (argument.Key == "DisableResponse" && argument.Value.Value is bool value)
                {
                    disableResponse = value;
                }
            }
        }

        return new RpcMethod(method, remote, rpcName, RpcNaming.FullName(service, rpcName), disableResponse, isProxied);
    }
}
