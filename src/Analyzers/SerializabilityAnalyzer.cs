using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MochiOrleans.Analyzers;

/// <summary>
/// MOCHI0010: an RPC parameter or response whose type Orleans has no serializer for. A heuristic in the spirit of
/// Orleans' own analyzers (ORLEANS0004/0005): only classes, structs and records of this compilation are judged
/// (a referenced library's types may have codecs this compilation cannot see), also inside arrays, nullables and
/// generic arguments such as <c>List&lt;T&gt;</c>. A type passes with <c>[GenerateSerializer]</c>, with
/// <c>[Serializable]</c> (Orleans may serialize it through its ISerializable codec or a configured fallback
/// serializer), as an exception, or when this compilation has an Orleans converter or codec for it
/// (<c>IConverter&lt;T, TSurrogate&gt;</c>, <c>IFieldCodec&lt;T&gt;</c>). Abstract types and interfaces are not
/// judged: the value's runtime type decides. Delegates never travel.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SerializabilityAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(MochiDiagnostics.Unserializable);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (MochiSymbols.From(start.Compilation) is { } symbols)
            {
                Start(start, symbols);
            }
        });
    }

    private static void Start(CompilationStartAnalysisContext context, MochiSymbols symbols)
    {
        // Types with a hand-written converter or codec, found only if some RPC uses a type without [GenerateSerializer].
        var compilation = context.Compilation;
        var withCodec = new Lazy<HashSet<ITypeSymbol>>(() => TypesWithCodecs(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
        context.RegisterSymbolAction(
            symbolContext =>
            {
                var type = (INamedTypeSymbol)symbolContext.Symbol;
                var rpcs = ProviderRpcs.Of(type, symbols);
                foreach (var rpc in rpcs)
                {
                    if (rpc.IsDeclaredIn(type))
                    {
                        Analyze(symbolContext, symbols, rpc, withCodec);
                    }
                }
            },
            SymbolKind.NamedType);
    }

    private static void Analyze(SymbolAnalysisContext context, MochiSymbols symbols, RpcMethod rpc, Lazy<HashSet<ITypeSymbol>> withCodec)
    {
        var method = rpc.Method;
        var usesHandle = false;
        foreach (var parameter in method.Parameters)
        {
            if (symbols.IsHandle(parameter.Type))
            {
                usesHandle = true;
                continue;
            }

            if (!symbols.IsCancellationToken(parameter.Type)
                && FindUnserializable(parameter.Type, symbols, withCodec, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default)) is { } culprit)
            {
                var location = parameter.Locations.Length > 0 ? parameter.Locations[0] : rpc.Location;
                context.ReportDiagnostic(Diagnostic.Create(MochiDiagnostics.Unserializable, location, $"Parameter '{parameter.Name}'", rpc.DisplayName, culprit.ToDisplayString()));
            }
        }

        // A Handle method's or a one-way RPC's return value never travels (MOCHI0011/0012 say so).
        if (usesHandle || rpc.DisableResponse || !symbols.ReturnsValue(method))
        {
            return;
        }

        var response = symbols.AwaitedResult(method.ReturnType) ?? method.ReturnType;
        if (FindUnserializable(response, symbols, withCodec, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default)) is { } responseCulprit)
        {
            context.ReportDiagnostic(Diagnostic.Create(MochiDiagnostics.Unserializable, rpc.Location, "The response", rpc.DisplayName, responseCulprit.ToDisplayString()));
        }
    }

    private static ITypeSymbol? FindUnserializable(ITypeSymbol type, MochiSymbols symbols, Lazy<HashSet<ITypeSymbol>> withCodec, HashSet<ITypeSymbol> seen)
    {
        if (!seen.Add(type))
        {
            return null;
        }

        switch (type)
        {
            case IArrayTypeSymbol array:
                return FindUnserializable(array.ElementType, symbols, withCodec, seen);
            case INamedTypeSymbol { TypeKind: TypeKind.Delegate }:
                return type;
            case INamedTypeSymbol named:
                foreach (var argument in named.TypeArguments)
                {
                    if (FindUnserializable(argument, symbols, withCodec, seen) is { } inner)
                    {
                        return inner;
                    }
                }

                return LacksSerializer(named, symbols, withCodec) ? named : null;
            default:
                return null;
        }
    }

    private static bool LacksSerializer(INamedTypeSymbol type, MochiSymbols symbols, Lazy<HashSet<ITypeSymbol>> withCodec)
    {
        var definition = type.OriginalDefinition;
        if (definition.TypeKind is not (TypeKind.Class or TypeKind.Struct)
            || definition.IsAbstract
            || definition.IsStatic
            || !IsInSource(definition)
            || DerivesFrom(definition, symbols.Exception))
        {
            return false;
        }

        foreach (var attribute in definition.GetAttributes())
        {
            if (attribute.AttributeClass is { } attributeClass
                && ((attributeClass.Name == "GenerateSerializerAttribute" && attributeClass.ContainingNamespace?.ToDisplayString() == "Orleans")
                    || (attributeClass.Name == "SerializableAttribute" && attributeClass.ContainingNamespace?.ToDisplayString() == "System")))
            {
                return false;
            }
        }

        return !withCodec.Value.Contains(definition);
    }

    private static HashSet<ITypeSymbol> TypesWithCodecs(Compilation compilation)
    {
        var covered = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        var pending = new Stack<INamespaceOrTypeSymbol>();
        pending.Push(compilation.Assembly.GlobalNamespace);
        while (pending.Count > 0)
        {
            foreach (var member in pending.Pop().GetMembers())
            {
                if (member is INamespaceOrTypeSymbol container)
                {
                    pending.Push(container);
                }

                if (member is not INamedTypeSymbol type)
                {
                    continue;
                }

                foreach (var contract in type.AllInterfaces)
                {
                    if (contract.TypeArguments.Length > 0
                        && contract.Name is "IConverter" or "IFieldCodec" or "IBaseCodec"
                        && contract.ContainingNamespace?.ToDisplayString() is { } ns
                        && (ns == "Orleans" || ns.StartsWith("Orleans.", StringComparison.Ordinal)))
                    {
                        covered.Add(contract.TypeArguments[0].OriginalDefinition);
                    }
                }
            }
        }

        return covered;
    }

    private static bool IsInSource(ISymbol symbol)
    {
        foreach (var location in symbol.Locations)
        {
            if (location.IsInSource)
            {
                return true;
            }
        }

        return false;
    }

    private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol? baseType)
    {
        for (var current = type.BaseType; current is not null && baseType is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType))
            {
                return true;
            }
        }

        return false;
    }
}
