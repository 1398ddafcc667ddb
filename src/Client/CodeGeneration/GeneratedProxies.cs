using System.Collections.Concurrent;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace MochiOrleans.CodeGeneration;

/// <summary>
/// The typed proxy classes that the MochiOrleans source generator wrote for the <see cref="ProviderAttribute">[Provider]</see>
/// interfaces of an assembly, registered by that assembly's module initializer. <see cref="Engine.CreateProxy{T}(Address, ushort)"/>
/// prefers them to emitting a class at run time; an interface without one is emitted as before.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedProxies
{
    private static readonly ConcurrentDictionary<Type, Func<Func<string, CallableRemoteFunction>, object>> Factories = new();

    /// <summary>Records the generated proxy class of <paramref name="contract"/>; a second record is ignored.</summary>
    /// <param name="contract">The [Provider] interface.</param>
    /// <param name="create">
    /// Makes a proxy from the bound function of each RPC, looked up by its full RPC name (the names the generator
    /// computed, which the runtime checks against its own).
    /// </param>
    public static void Add(Type contract, Func<Func<string, CallableRemoteFunction>, object> create)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(create);
        Factories.TryAdd(contract, create);
    }

    /// <summary>The generated proxy factory of <paramref name="contract"/>, or <see langword="null"/>.</summary>
    internal static Func<Func<string, CallableRemoteFunction>, object>? Find(Type contract)
    {
        // The interface may come from an assembly none of whose code has run yet; its initializer runs here, once.
        RuntimeHelpers.RunModuleConstructor(contract.Module.ModuleHandle);
        return Factories.GetValueOrDefault(contract);
    }
}
