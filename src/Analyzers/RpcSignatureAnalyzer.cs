using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace MochiOrleans.Analyzers;

/// <summary>
/// MOCHI0002–0005: method shapes registration refuses (src/Silo/Internal/Providers/RemoteMethod.cs): generic methods,
/// by-reference or pointer parameters, more than one <c>Handle</c>, more than one <c>CancellationToken</c>. Checked on
/// provider methods and on the lambdas and methods passed to <c>Engine.Register(rpcName, handler)</c>.
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

    private protected override void Start(CompilationStartAnalysisContext context, MochiSymbols symbols)
    {
        base.Start(context, symbols);
        context.RegisterOperationAction(operationContext => AnalyzeRegistration(operationContext, symbols), OperationKind.Invocation);
    }

    private protected override void AnalyzeProvider(SymbolAnalysisContext context, MochiSymbols symbols, INamedTypeSymbol type, ImmutableArray<RpcMethod> rpcs)
    {
        foreach (var rpc in rpcs)
        {
            if (rpc.IsDeclaredIn(type))
            {
                Check(context.ReportDiagnostic, symbols, rpc.Method, rpc.DisplayName, rpc.Location);
            }
        }
    }

    /// <summary>A handler given to <c>Engine.Register(rpcName, handler)</c> is bound like a <c>[Remote]</c> method.</summary>
    private static void AnalyzeRegistration(OperationAnalysisContext context, MochiSymbols symbols)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod is not { Name: "Register", ContainingType.Name: "Engine" } target
            || target.ContainingNamespace?.ToDisplayString() != "MochiOrleans")
        {
            return;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name != "handler")
            {
                continue;
            }

            var value = argument.Value;
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            var handler = value is IDelegateCreationOperation creation
                ? creation.Target switch
                {
                    IAnonymousFunctionOperation lambda => lambda.Symbol,
                    IMethodReferenceOperation reference => reference.Method,
                    _ => null,
                }
                : null;
            if (handler is not null)
            {
                var name = handler.MethodKind == MethodKind.AnonymousFunction ? "The handler" : MochiSymbols.DisplayName(handler);
                Check(context.ReportDiagnostic, symbols, handler, name, argument.Syntax.GetLocation(), reportAt: argument.Syntax.GetLocation());
            }
        }
    }

    private static void Check(Action<Diagnostic> report, MochiSymbols symbols, IMethodSymbol method, string displayName, Location location, Location? reportAt = null)
    {
        if (method.IsGenericMethod)
        {
            report(Diagnostic.Create(MochiDiagnostics.GenericRpcMethod, reportAt ?? location, displayName));
        }

        int handles = 0, tokens = 0;
        foreach (var parameter in method.Parameters)
        {
            if (Unbindable(parameter) is { } what)
            {
                var parameterLocation = reportAt ?? (parameter.Locations.Length > 0 && parameter.Locations[0].IsInSource ? parameter.Locations[0] : location);
                report(Diagnostic.Create(MochiDiagnostics.ByReferenceParameter, parameterLocation, parameter.Name, displayName, what));
            }

            handles += symbols.IsHandle(parameter.Type) ? 1 : 0;
            tokens += symbols.IsCancellationToken(parameter.Type) ? 1 : 0;
        }

        if (handles > 1)
        {
            report(Diagnostic.Create(MochiDiagnostics.MultipleHandles, reportAt ?? location, displayName));
        }

        if (tokens > 1)
        {
            report(Diagnostic.Create(MochiDiagnostics.MultipleCancellationTokens, reportAt ?? location, displayName));
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
