using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MochiOrleans.Analyzers;

/// <summary>
/// Base of the analyzers that judge a provider type as a whole: finds its RPCs once per type and hands over those
/// declared in that type, so that a base class's methods are reported once, where they are written.
/// </summary>
public abstract class ProviderAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public sealed override void Initialize(AnalysisContext context)
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

    /// <summary>Registers the per-compilation actions; by default, <see cref="AnalyzeProvider"/> for every type.</summary>
    private protected virtual void Start(CompilationStartAnalysisContext context, MochiSymbols symbols) =>
        context.RegisterSymbolAction(
            symbolContext =>
            {
                var type = (INamedTypeSymbol)symbolContext.Symbol;
                var rpcs = ProviderRpcs.Of(type, symbols);
                if (!rpcs.IsEmpty)
                {
                    AnalyzeProvider(symbolContext, symbols, type, rpcs);
                }
            },
            SymbolKind.NamedType);

    /// <summary>Judges one type that has at least one RPC.</summary>
    private protected abstract void AnalyzeProvider(SymbolAnalysisContext context, MochiSymbols symbols, INamedTypeSymbol type, ImmutableArray<RpcMethod> rpcs);
}
