using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MochiOrleans.Analyzers;

/// <summary>
/// MOCHI0008: RPC names registration refuses (src/Abstractions/Internal/RpcNameRules.cs), whether they come from
/// attributes or from constant strings passed to <c>Engine.Register</c> or as a registration's service name.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RpcNameAnalyzer : ProviderAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(MochiDiagnostics.InvalidRpcName);

    private protected override void Start(CompilationStartAnalysisContext context, MochiSymbols symbols)
    {
        base.Start(context, symbols);
        context.RegisterOperationAction(AnalyzeInvocation, OperationKind.Invocation);
    }

    private protected override void AnalyzeProvider(SymbolAnalysisContext context, MochiSymbols symbols, INamedTypeSymbol type, ImmutableArray<RpcMethod> rpcs)
    {
        foreach (var rpc in rpcs)
        {
            if (rpc.IsDeclaredIn(type) && RpcNaming.Problem(rpc.FullName) is { } problem)
            {
                context.ReportDiagnostic(Diagnostic.Create(MochiDiagnostics.InvalidRpcName, rpc.Location, rpc.DisplayName, problem));
            }
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var target = invocation.TargetMethod;
        if (target.ContainingNamespace?.ToDisplayString() != "MochiOrleans")
        {
            return;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.Explicit || argument.Parameter is null || !argument.Value.ConstantValue.HasValue)
            {
                continue;
            }

            var value = argument.Value.ConstantValue.Value as string;
            var problem = argument.Parameter.Name switch
            {
                // Register validates its name as given: it is the full RPC name.
                "rpcName" when target.Name == "Register" => RpcNaming.Problem(value),

                // A registration's service name prefixes every RPC of the provider.
                "serviceName" when value is not null && RpcNaming.HasWhitespaceOrControl(value) =>
                    $"Service name '{value}' contains whitespace or control characters, so every RPC name of the provider would.",
                _ => null,
            };

            if (problem is not null)
            {
                context.ReportDiagnostic(Diagnostic.Create(MochiDiagnostics.InvalidRpcName, argument.Syntax.GetLocation(), target.Name, problem));
            }
        }
    }
}
