using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MochiOrleans.Analyzers;

/// <summary>MOCHI0013: an <c>async void</c> <c>[Remote]</c> method or finalize hook, which the runtime cannot await.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AsyncVoidAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(MochiDiagnostics.AsyncVoid);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (MochiSymbols.From(start.Compilation) is not { } symbols)
            {
                return;
            }

            start.RegisterSymbolAction(
                symbolContext =>
                {
                    var method = (IMethodSymbol)symbolContext.Symbol;
                    if (method.IsAsync && method.ReturnsVoid && (MochiSymbols.HasAttribute(method, symbols.Remote) || symbols.IsHook(method)))
                    {
                        symbolContext.ReportDiagnostic(Diagnostic.Create(MochiDiagnostics.AsyncVoid, method.Locations[0], MochiSymbols.DisplayName(method)));
                    }
                },
                SymbolKind.Method);
        });
    }
}
