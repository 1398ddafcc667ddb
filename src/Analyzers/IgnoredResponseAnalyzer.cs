using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MochiOrleans.Analyzers;

/// <summary>
/// MOCHI0011 and MOCHI0012: a return value nobody receives, because the method takes a <c>Handle</c> (the response is
/// what it sends through the handle) or because the RPC is one-way.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class IgnoredResponseAnalyzer : ProviderAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        MochiDiagnostics.HandleMethodReturnsValue,
        MochiDiagnostics.OneWayReturnsValue);

    private protected override void AnalyzeProvider(SymbolAnalysisContext context, MochiSymbols symbols, INamedTypeSymbol type, ImmutableArray<RpcMethod> rpcs)
    {
        foreach (var rpc in rpcs)
        {
            if (!rpc.IsDeclaredIn(type) || !symbols.ReturnsValue(rpc.Method))
            {
                continue;
            }

            if (rpc.DisableResponse)
            {
                context.ReportDiagnostic(Diagnostic.Create(MochiDiagnostics.OneWayReturnsValue, rpc.Location, rpc.DisplayName));
            }
            else if (!rpc.IsProxied && TakesHandle(rpc.Method, symbols))
            {
                context.ReportDiagnostic(Diagnostic.Create(MochiDiagnostics.HandleMethodReturnsValue, rpc.Location, rpc.DisplayName));
            }
        }
    }

    private static bool TakesHandle(IMethodSymbol method, MochiSymbols symbols)
    {
        foreach (var parameter in method.Parameters)
        {
            if (symbols.IsHandle(parameter.Type))
            {
                return true;
            }
        }

        return false;
    }
}
