using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace MochiOrleans.Analyzers;

/// <summary>
/// MOCHI0009: members of a <c>[Provider]</c> interface that a typed proxy cannot implement (API.md, "Typed proxies"):
/// methods that do not return a task, methods taking a <c>Handle</c>, properties and events.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ProviderInterfaceAnalyzer : ProviderAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(MochiDiagnostics.UnproxiableMember);

    private protected override void Start(CompilationStartAnalysisContext context, MochiSymbols symbols) =>
        // Every [Provider] interface, even one without methods: a property alone is already a mistake.
        context.RegisterSymbolAction(
            symbolContext =>
            {
                var type = (INamedTypeSymbol)symbolContext.Symbol;
                if (type.TypeKind == TypeKind.Interface && MochiSymbols.HasAttribute(type, symbols.Provider))
                {
                    AnalyzeProvider(symbolContext, symbols, type, ProviderRpcs.Of(type, symbols));
                }
            },
            SymbolKind.NamedType);

    private protected override void AnalyzeProvider(SymbolAnalysisContext context, MochiSymbols symbols, INamedTypeSymbol type, ImmutableArray<RpcMethod> rpcs)
    {

        foreach (var rpc in rpcs)
        {
            if (!rpc.IsDeclaredIn(type))
            {
                continue;
            }

            var method = rpc.Method;
            if (!symbols.IsPlainAwaitable(method.ReturnType) && symbols.AwaitedResult(method.ReturnType) is null)
            {
                Report(context, rpc.Location, $"Method {method.Name}", type, $"it returns {method.ReturnType.ToDisplayString()}, and a proxy method returns Task, Task<T>, ValueTask or ValueTask<T>");
            }

            foreach (var parameter in method.Parameters)
            {
                if (symbols.IsHandle(parameter.Type))
                {
                    Report(context, parameter.Locations[0], $"Method {method.Name}", type, $"parameter '{parameter.Name}' is a Handle, which only the provider's side has");
                }
            }
        }

        foreach (var member in type.GetMembers())
        {
            if (member is IPropertySymbol or IEventSymbol && !member.IsStatic && member.Locations[0].IsInSource)
            {
                Report(context, member.Locations[0], $"{(member is IPropertySymbol ? "Property" : "Event")} {member.Name}", type, "only methods are RPCs");
            }
        }
    }

    private static void Report(SymbolAnalysisContext context, Location location, string member, INamedTypeSymbol type, string reason) =>
        context.ReportDiagnostic(Diagnostic.Create(MochiDiagnostics.UnproxiableMember, location, member, type.Name, reason));
}
