using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MochiOrleans.Analyzers;

/// <summary>
/// MOCHI0007: the constant 65535 passed as the <c>providerId</c> of any MochiOrleans API (<c>RegisterProvider</c>,
/// <c>Register</c>, <c>AddProvider</c>, <c>On</c>, proxies), which the runtime refuses with <c>InvalidArgument</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReservedProviderIdAnalyzer : DiagnosticAnalyzer
{
    private const ushort Reserved = ushort.MaxValue;

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(MochiDiagnostics.ReservedProviderId);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(AnalyzeInvocation, OperationKind.Invocation);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.ContainingNamespace?.ToDisplayString() != "MochiOrleans")
        {
            return;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.Explicit
                && argument.Parameter is { Name: "providerId" }
                && argument.Value.ConstantValue is { HasValue: true, Value: ushort id }
                && id == Reserved)
            {
                context.ReportDiagnostic(Diagnostic.Create(MochiDiagnostics.ReservedProviderId, argument.Syntax.GetLocation()));
            }
        }
    }
}
