using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MochiOrleans.Analyzers;

/// <summary>MOCHI0006: an <c>[OnPrefinalize]</c> or <c>[OnFinalize]</c> hook with parameters or type parameters.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FinalizeHookAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(MochiDiagnostics.HookWithParameters);

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
                    if (symbols.IsHook(method) && (method.Parameters.Length > 0 || method.IsGenericMethod))
                    {
                        symbolContext.ReportDiagnostic(Diagnostic.Create(MochiDiagnostics.HookWithParameters, method.Locations[0], MochiSymbols.DisplayName(method)));
                    }
                },
                SymbolKind.Method);
        });
    }
}
