using Microsoft.CodeAnalysis;

namespace MochiOrleans.Analyzers;

/// <summary>The MochiOrleans and BCL types the analyzers compare against, resolved once per compilation.</summary>
internal sealed class MochiSymbols
{
    private MochiSymbols(Compilation compilation, INamedTypeSymbol remote, INamedTypeSymbol provider)
    {
        Remote = remote;
        Provider = provider;
        Handle = compilation.GetTypeByMetadataName("MochiOrleans.Handle");
        OnPrefinalize = compilation.GetTypeByMetadataName("MochiOrleans.OnPrefinalizeAttribute");
        OnFinalize = compilation.GetTypeByMetadataName("MochiOrleans.OnFinalizeAttribute");
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        Exception = compilation.GetTypeByMetadataName("System.Exception");
    }

    public INamedTypeSymbol Remote { get; }

    public INamedTypeSymbol Provider { get; }

    public INamedTypeSymbol? Handle { get; }

    public INamedTypeSymbol? OnPrefinalize { get; }

    public INamedTypeSymbol? OnFinalize { get; }

    public INamedTypeSymbol? CancellationToken { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? TaskOfT { get; }

    public INamedTypeSymbol? ValueTask { get; }

    public INamedTypeSymbol? ValueTaskOfT { get; }

    public INamedTypeSymbol? Exception { get; }

    /// <summary>The symbols of <paramref name="compilation"/>, or <see langword="null"/> when it does not use MochiOrleans.</summary>
    public static MochiSymbols? From(Compilation compilation)
    {
        var remote = compilation.GetTypeByMetadataName("MochiOrleans.RemoteAttribute");
        var provider = compilation.GetTypeByMetadataName("MochiOrleans.ProviderAttribute");
        return remote is null || provider is null ? null : new MochiSymbols(compilation, remote, provider);
    }

    public bool IsHandle(ITypeSymbol type) => Handle is not null && SymbolEqualityComparer.Default.Equals(type, Handle);

    public bool IsCancellationToken(ITypeSymbol type) =>
        CancellationToken is not null && SymbolEqualityComparer.Default.Equals(type, CancellationToken);

    public bool IsHook(IMethodSymbol method) => HasAttribute(method, OnPrefinalize) || HasAttribute(method, OnFinalize);

    /// <summary>Whether <paramref name="type"/> is <c>Task</c> or <c>ValueTask</c> (no result).</summary>
    public bool IsPlainAwaitable(ITypeSymbol type) =>
        SymbolEqualityComparer.Default.Equals(type, Task) || SymbolEqualityComparer.Default.Equals(type, ValueTask);

    /// <summary>The <c>T</c> of <c>Task&lt;T&gt;</c> or <c>ValueTask&lt;T&gt;</c>, else <see langword="null"/>.</summary>
    public ITypeSymbol? AwaitedResult(ITypeSymbol type) =>
        type is INamedTypeSymbol { IsGenericType: true } named
        && (SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, TaskOfT)
            || SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, ValueTaskOfT))
            ? named.TypeArguments[0]
            : null;

    /// <summary>Whether a method's return type carries a response value (anything but void, Task and ValueTask).</summary>
    public bool ReturnsValue(IMethodSymbol method) => !method.ReturnsVoid && !IsPlainAwaitable(method.ReturnType);

    public static AttributeData? FindAttribute(ISymbol symbol, INamedTypeSymbol? attribute)
    {
        if (attribute is null)
        {
            return null;
        }

        foreach (var data in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
            {
                return data;
            }
        }

        return null;
    }

    public static bool HasAttribute(ISymbol symbol, INamedTypeSymbol? attribute) => FindAttribute(symbol, attribute) is not null;

    /// <summary>"Type.Method", as the runtime names methods in its errors.</summary>
    public static string DisplayName(IMethodSymbol method) => $"{method.ContainingType.Name}.{method.Name}";
}
