using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MochiOrleans.Analyzers;

/// <summary>MOCHI0001: two methods of one provider map to one RPC name. Both are reported, each naming the other.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RpcNameClashAnalyzer : ProviderAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(MochiDiagnostics.RpcNameClash);

    private protected override void AnalyzeProvider(SymbolAnalysisContext context, MochiSymbols symbols, INamedTypeSymbol type, ImmutableArray<RpcMethod> rpcs)
    {
        foreach (var clash in rpcs.GroupBy(rpc => rpc.FullName, StringComparer.Ordinal).Where(group => group.Count() > 1))
        {
            foreach (var rpc in clash.Where(rpc => rpc.IsDeclaredIn(type)))
            {
                var others = string.Join(" and ", clash.Where(other => !ReferenceEquals(other, rpc)).Select(other => other.DisplayName));
                context.ReportDiagnostic(Diagnostic.Create(MochiDiagnostics.RpcNameClash, rpc.Location, rpc.DisplayName, others, clash.Key));
            }
        }
    }
}
