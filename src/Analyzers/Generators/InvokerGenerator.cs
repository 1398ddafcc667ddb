using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace MochiOrleans.Analyzers.Generators;

/// <summary>
/// Writes, for every provider type of a compilation, an invoker per RPC and finalize hook that calls the method
/// directly, and registers them with <c>MochiOrleans.CodeGeneration.GeneratedInvokers</c> from a module initializer.
/// The runtime then skips compiling an expression per method at registration; what this cannot reach (a private
/// provider type, a generic one, an explicit interface implementation) the runtime still compiles, so a type is served
/// the same either way.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class InvokerGenerator : IIncrementalGenerator
{
    internal static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var types = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => node is ClassDeclarationSyntax or StructDeclarationSyntax or RecordDeclarationSyntax,
                static (syntax, cancellationToken) => syntax.SemanticModel.GetDeclaredSymbol(syntax.Node, cancellationToken) as INamedTypeSymbol)
            .Where(static type => type is not null)
            .Collect();

        context.RegisterSourceOutput(context.CompilationProvider.Combine(types), static (output, input) =>
        {
            var (compilation, declared) = input;
            if (MochiSymbols.From(compilation) is not { } symbols
                || compilation.GetTypeByMetadataName("MochiOrleans.CodeGeneration.GeneratedInvokers") is null)
            {
                return;
            }

            var source = Generate(compilation, declared!, symbols, output.CancellationToken);
            if (source is not null)
            {
                output.AddSource("MochiOrleans.GeneratedInvokers.g.cs", source);
            }
        });
    }

    private static string? Generate(Compilation compilation, ImmutableArray<INamedTypeSymbol?> declared, MochiSymbols symbols, CancellationToken cancellationToken)
    {
        var methods = new List<IMethodSymbol>();
        var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        foreach (var type in declared.Distinct<INamedTypeSymbol?>(SymbolEqualityComparer.Default).OrderBy(t => t!.ToDisplayString(), System.StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (type is null || !IsReachable(type, compilation))
            {
                continue;
            }

            foreach (var rpc in ProviderRpcs.Of(type, symbols))
            {
                if (CanCall(rpc.Method, compilation) && seen.Add(rpc.Method))
                {
                    methods.Add(rpc.Method);
                }
            }

            foreach (var hook in Hooks(type, symbols))
            {
                if (CanCall(hook, compilation) && seen.Add(hook))
                {
                    methods.Add(hook);
                }
            }
        }

        if (methods.Count == 0)
        {
            return null;
        }

        var builder = RegistrationFile.Begin("MochiGeneratedInvokers");
        foreach (var method in methods)
        {
            AppendRegistration(builder, method, symbols);
        }

        RegistrationFile.EndInitializer(builder);
        return RegistrationFile.End(builder);
    }

    private static void AppendRegistration(StringBuilder builder, IMethodSymbol method, MochiSymbols symbols)
    {
        var declaringType = method.ContainingType.ToDisplayString(TypeFormat);
        var parameterTypes = method.Parameters.IsEmpty
            ? "global::System.Type.EmptyTypes"
            : "new global::System.Type[] { " + string.Join(", ", method.Parameters.Select(p => $"typeof({p.Type.ToDisplayString(TypeFormat)})")) + " }";
        var arguments = string.Join(", ", method.Parameters.Select((p, i) => $"({p.Type.ToDisplayString(TypeFormat)})arguments[{i}]"));
        var receiver = method.IsStatic ? declaringType : $"(({declaringType})target)";
        var call = $"{receiver}.{Escape(method.Name)}({arguments})";

        builder.Append("            global::MochiOrleans.CodeGeneration.GeneratedInvokers.Add(typeof(")
            .Append(declaringType).Append("), \"").Append(method.Name).Append("\", ")
            .Append(parameterTypes).Append(", static (target, arguments) => ");
        const string Results = "global::MochiOrleans.CodeGeneration.InvokerResults";
        if (method.ReturnsVoid)
        {
            builder.Append("{ ").Append(call).Append("; return default; }");
        }
        else if (SymbolEqualityComparer.Default.Equals(method.ReturnType, symbols.Task) || IsTaskOfT(method.ReturnType, symbols))
        {
            builder.Append(Results).Append(".FromTask(").Append(call).Append(')');
        }
        else if (SymbolEqualityComparer.Default.Equals(method.ReturnType, symbols.ValueTask) || symbols.AwaitedResult(method.ReturnType) is not null)
        {
            builder.Append(Results).Append(".FromValueTask(").Append(call).Append(')');
        }
        else
        {
            builder.Append(Results).Append(".FromResult(").Append(call).Append(')');
        }

        builder.AppendLine(");");
    }

    private static bool IsTaskOfT(ITypeSymbol type, MochiSymbols symbols) =>
        type is INamedTypeSymbol { IsGenericType: true } named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, symbols.TaskOfT);

    private static IEnumerable<IMethodSymbol> Hooks(INamedTypeSymbol type, MochiSymbols symbols)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method && symbols.IsHook(method))
                {
                    yield return method;
                }
            }
        }
    }

    // What generated code in this assembly can call without reflection: a non-generic, non-explicit method with plain
    // parameters, on a type and with parameter and return types the assembly can name.
    private static bool CanCall(IMethodSymbol method, Compilation compilation) =>
        !method.IsGenericMethod
        && method.ExplicitInterfaceImplementations.IsEmpty
        && !method.ReturnsByRef
        && !method.ReturnsByRefReadonly
        && method.Parameters.All(p => p.RefKind == RefKind.None && IsReachable(p.Type, compilation))
        && (method.ReturnsVoid || IsReachable(method.ReturnType, compilation))
        && IsAccessible(method.DeclaredAccessibility, method.ContainingAssembly, compilation)
        && IsReachable(method.ContainingType, compilation)
        && (method.ReturnsVoid || !method.ReturnType.IsRefLikeType);

    /// <summary>Whether code of <paramref name="compilation"/> can name <paramref name="type"/>.</summary>
    internal static bool IsReachable(ITypeSymbol type, Compilation compilation) =>
        type switch
        {
            IArrayTypeSymbol array => IsReachable(array.ElementType, compilation),
            IPointerTypeSymbol or IFunctionPointerTypeSymbol or ITypeParameterSymbol or IErrorTypeSymbol => false,
            INamedTypeSymbol named => !named.IsRefLikeType
                && !named.IsUnboundGenericType
                && named.TypeArguments.All(argument => IsReachable(argument, compilation))
                && ContainersAccessible(named, compilation)
                && (!named.IsGenericType || named.TypeParameters.Length == named.TypeArguments.Length),
            _ => true,
        };

    private static bool ContainersAccessible(INamedTypeSymbol type, Compilation compilation)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (!IsAccessible(current.DeclaredAccessibility, current.ContainingAssembly, compilation))
            {
                return false;
            }

            // A provider declared inside a generic type has no closed name here.
            if (!ReferenceEquals(current, type) && current.IsGenericType)
            {
                return false;
            }
        }

        return !(type.IsGenericType && type.TypeArguments.Any(a => a is ITypeParameterSymbol));
    }

    private static bool IsAccessible(Accessibility accessibility, IAssemblySymbol? assembly, Compilation compilation) =>
        accessibility switch
        {
            Accessibility.Public => true,
            Accessibility.Internal or Accessibility.ProtectedOrInternal =>
                SymbolEqualityComparer.Default.Equals(assembly, compilation.Assembly) || (assembly?.GivesAccessTo(compilation.Assembly) ?? false),
            _ => false,
        };

    /// <summary>A name as an identifier: a keyword gets its <c>@</c>.</summary>
    internal static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
}
