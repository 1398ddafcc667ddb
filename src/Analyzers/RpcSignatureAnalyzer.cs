using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MochiOrleans.Analyzers;

/// <summary>
/// MOCHI0002–0005: method shapes registration refuses (src/Silo/Internal/Providers/RemoteMethod.cs): generic methods,
/// by-reference or pointer parameters, more than one <c>Handle</c>, more than one <c>CancellationToken</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RpcSignatureAnalyzer : ProviderAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        MochiDiagnostics.GenericRpcMethod,
        MochiDiagnostics.ByReferenceParameter,
        MochiDiagnostics.MultipleHandles,
        MochiDiagnostics.MultipleCancellationTokens);

    private protected override void AnalyzeProvider(SymbolAnalysisContext context, MochiSymbols symbols, INamedTypeSymbol type, ImmutableArray<RpcMethod> rpcs)
    {
        foreach (var rpc in rpcs)
        {
            if (!rpc.IsDeclaredIn(type))
            {
                continue;
            }

            var method = rpc.Method;
            if (method.IsGenericMethod)
            {
                context.ReportDiagnostic(Diagnostic.Create(MochiDiagnostics.GenericRpcMethod, rpc.Location, rpc.DisplayName));
            }

            int handles = 0, tokens = 0;
            foreach (var parameter in method.Parameters)
            {
                if (Unbindable(parameter) is { } what)
                {
                    var location = parameter.Locations.Length > 0 ? parameter.Locations[0] : rpc.Location;
                    context.ReportDiagnostic(Diagnostic.Create(MochiDiagnostics.ByReferenceParameter, location, parameter.Name, rpc.DisplayName, what));
                }

                handles += symbols.IsHandle(parameter.Type) ? 1 : 0;
                tokens += symbols.IsCancellationToken(parameter.Type) ? 1 : 0;
            }

            if (handles > 1)
            {
                context.ReportDiagnostic(Diagnostic.Create(MochiDiagnostics.MultipleHandles, rpc.Location, rpc.DisplayName));
            }

            if (tokens > 1)
            {
                context.ReportDiagnostic(Diagnostic.Create(MochiDiagnostics.MultipleCancellationTokens, rpc.Location, rpc.DisplayName));
            }
        }
    }

    private static string? Unbindable(IParameterSymbol parameter) =>
        parameter.RefKind switch
        {
            RefKind.Ref => "a ref parameter",
            RefKind.Out => "an out parameter",
            RefKind.In => "an in parameter",
            RefKind.None when parameter.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer => "a pointer",
            RefKind.None => null,
            _ => "a by-reference parameter",
        };
}
