using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MochiOrleans.Analyzers.Generators;

/// <summary>
/// Writes a typed proxy class for every <c>[Provider]</c> interface declared in a compilation that references
/// MochiOrleans.Client, and registers it with <c>MochiOrleans.CodeGeneration.GeneratedProxies</c> from a module
/// initializer, so that <c>Engine.CreateProxy&lt;T&gt;</c> emits nothing at run time. Each method packs its arguments and
/// calls the bound function of its RPC, exactly as the emitted proxies do; an interface a proxy cannot implement (the
/// analyzers report why) is left to the runtime, which refuses it with the same reason.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ProxyGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var interfaces = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is InterfaceDeclarationSyntax { AttributeLists.Count: > 0 },
                static (syntax, cancellationToken) => syntax.SemanticModel.GetDeclaredSymbol(syntax.Node, cancellationToken) as INamedTypeSymbol)
            .Where(static type => type is not null)
            .Collect();

        context.RegisterSourceOutput(context.CompilationProvider.Combine(interfaces), static (output, input) =>
        {
            var (compilation, declared) = input;
            if (MochiSymbols.From(compilation) is not { } symbols
                || compilation.GetTypeByMetadataName("MochiOrleans.CodeGeneration.GeneratedProxies") is null)
            {
                return;
            }

            var contracts = declared
                .Distinct<INamedTypeSymbol?>(SymbolEqualityComparer.Default)
                .Select(type => Contract(type!, compilation, symbols))
                .Where(contract => contract is not null)
                .OrderBy(contract => contract!.Interface.ToDisplayString(), System.StringComparer.Ordinal)
                .ToList();
            if (contracts.Count > 0)
            {
                output.AddSource("MochiOrleans.GeneratedProxies.g.cs", Write(contracts!, symbols));
            }
        });
    }

    private sealed class ProxyContract(INamedTypeSymbol @interface, ImmutableArray<(IMethodSymbol Method, string RpcName)> methods)
    {
        public INamedTypeSymbol Interface { get; } = @interface;

        public ImmutableArray<(IMethodSymbol Method, string RpcName)> Methods { get; } = methods;
    }

    // The contract as the runtime's ProxyContract reads it, or null where the runtime would refuse the interface.
    private static ProxyContract? Contract(INamedTypeSymbol type, Compilation compilation, MochiSymbols symbols)
    {
        if (!MochiSymbols.HasAttribute(type, symbols.Provider) || type.IsGenericType || !InvokerGenerator.IsReachable(type, compilation))
        {
            return null;
        }

        var methods = ImmutableArray.CreateBuilder<(IMethodSymbol, string)>();
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var contract in new[] { type }.Concat(type.AllInterfaces))
        {
            if (!MochiSymbols.HasAttribute(contract, symbols.Provider))
            {
                return null;
            }

            foreach (var member in contract.GetMembers())
            {
                if (member is not IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false } method)
                {
                    if (member is IPropertySymbol or IEventSymbol || member is IMethodSymbol { MethodKind: MethodKind.Ordinary })
                    {
                        return null;
                    }

                    continue;
                }

                if (!Proxiable(method, compilation, symbols))
                {
                    return null;
                }

                var rpc = ProviderRpcs.Of(contract, symbols).FirstOrDefault(r => SymbolEqualityComparer.Default.Equals(r.Method, method));
                if (rpc is null || !names.Add(rpc.FullName))
                {
                    return null;
                }

                methods.Add((method, rpc.FullName));
            }
        }

        return new ProxyContract(type, methods.ToImmutable());
    }

    private static bool Proxiable(IMethodSymbol method, Compilation compilation, MochiSymbols symbols) =>
        !method.IsGenericMethod
        && (symbols.IsPlainAwaitable(method.ReturnType) || symbols.AwaitedResult(method.ReturnType) is not null)
        && InvokerGenerator.IsReachable(method.ReturnType, compilation)
        && method.Parameters.All(p => p.RefKind == RefKind.None && !symbols.IsHandle(p.Type) && InvokerGenerator.IsReachable(p.Type, compilation))
        && method.Parameters.Count(p => symbols.IsCancellationToken(p.Type)) <= 1;

    private static string Write(List<ProxyContract> contracts, MochiSymbols symbols)
    {
        var format = InvokerGenerator.TypeFormat;
        var builder = RegistrationFile.Begin("MochiGeneratedProxies");
        for (var i = 0; i < contracts.Count; i++)
        {
            builder.Append("            global::MochiOrleans.CodeGeneration.GeneratedProxies.Add(typeof(")
                .Append(contracts[i].Interface.ToDisplayString(format)).Append("), static calls => new Proxy").Append(i).AppendLine("(calls));");
        }

        RegistrationFile.EndInitializer(builder);
        for (var i = 0; i < contracts.Count; i++)
        {
            WriteClass(builder, contracts[i], "Proxy" + i, format, symbols);
        }

        return RegistrationFile.End(builder);
    }

    private static void WriteClass(StringBuilder builder, ProxyContract contract, string name, SymbolDisplayFormat format, MochiSymbols symbols)
    {
        const string Function = "global::MochiOrleans.CallableRemoteFunction";
        var interfaceName = contract.Interface.ToDisplayString(format);
        builder.AppendLine();
        builder.Append("        private sealed class ").Append(name).Append(" : ").AppendLine(interfaceName);
        builder.AppendLine("        {");
        for (var i = 0; i < contract.Methods.Length; i++)
        {
            builder.Append("            private readonly ").Append(Function).Append(" _call").Append(i).AppendLine(";");
        }

        builder.AppendLine();
        builder.Append("            public ").Append(name).Append("(global::System.Func<string, ").Append(Function).AppendLine("> calls)");
        builder.AppendLine("            {");
        for (var i = 0; i < contract.Methods.Length; i++)
        {
            builder.Append("                _call").Append(i).Append(" = calls(").Append(SymbolDisplay.FormatLiteral(contract.Methods[i].RpcName, quote: true)).AppendLine(");");
        }

        builder.AppendLine("            }");
        builder.AppendLine();
        builder.AppendLine("            public override string ToString() => " + (contract.Methods.Length == 0
            ? "\"typed proxy\";"
            : "$\"typed proxy of provider {_call0.ProviderId} at {_call0.Address}\";"));
        for (var i = 0; i < contract.Methods.Length; i++)
        {
            WriteMethod(builder, contract.Methods[i].Method, "_call" + i, format, symbols);
        }

        builder.AppendLine("        }");
    }

    private static void WriteMethod(StringBuilder builder, IMethodSymbol method, string call, SymbolDisplayFormat format, MochiSymbols symbols)
    {
        var parameters = method.Parameters.Select(p => $"{p.Type.ToDisplayString(format)} {Identifier(p.Name)}");
        var token = method.Parameters.FirstOrDefault(p => symbols.IsCancellationToken(p.Type));
        var arguments = method.Parameters.Where(p => !SymbolEqualityComparer.Default.Equals(p, token)).Select(p => Identifier(p.Name));
        var returnType = (INamedTypeSymbol)method.ReturnType;
        var result = returnType.IsGenericType ? returnType.TypeArguments[0].ToDisplayString(format) : "object";
        var invocation = $"{call}.CallAsync<{result}>(new object[] {{ {string.Join(", ", arguments)} }}, null, null, {(token is null ? "default" : Identifier(token.Name))})";
        var body = returnType.Name == "ValueTask" ? $"new {returnType.ToDisplayString(format)}({invocation})" : invocation;

        builder.AppendLine();
        builder.Append("            ").Append(returnType.ToDisplayString(format)).Append(' ')
            .Append(method.ContainingType.ToDisplayString(format)).Append('.').Append(Identifier(method.Name))
            .Append('(').Append(string.Join(", ", parameters)).Append(") => ").Append(body).AppendLine(";");
    }

    private static string Identifier(string name) => InvokerGenerator.Escape(name);
}
