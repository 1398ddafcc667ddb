using System.Collections.Concurrent;
using System.ComponentModel;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace MochiOrleans.CodeGeneration;

/// <summary>
/// The provider method invokers that the MochiOrleans source generator wrote for an assembly, registered by that
/// assembly's module initializer. The runtime prefers them to compiling an expression per method at registration;
/// a method without one (a type loaded by name from an assembly built without the generator, a private nested
/// provider, an explicit interface implementation) is compiled as before.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedInvokers
{
    private static readonly ConcurrentDictionary<(Type Type, string Name), Entry[]> Entries = new();

    /// <summary>Records the generated invoker of one method; a second record of the same method is ignored.</summary>
    /// <param name="declaringType">The type that declares the method.</param>
    /// <param name="methodName">The method's name.</param>
    /// <param name="parameterTypes">Its parameter types, in order: they tell overloads apart.</param>
    /// <param name="invoker">The generated invoker.</param>
    public static void Add(Type declaringType, string methodName, Type[] parameterTypes, ProviderMethodInvoker invoker)
    {
        ArgumentNullException.ThrowIfNull(declaringType);
        ArgumentNullException.ThrowIfNull(methodName);
        ArgumentNullException.ThrowIfNull(parameterTypes);
        ArgumentNullException.ThrowIfNull(invoker);
        var entry = new Entry([.. parameterTypes], invoker);
        Entries.AddOrUpdate(
            (declaringType, methodName),
            _ => [entry],
            (_, known) => Array.Exists(known, e => e.Matches(entry.ParameterTypes)) ? known : [.. known, entry]);
    }

    /// <summary>The generated invoker of <paramref name="method"/>, or <see langword="null"/> if none was generated.</summary>
    internal static ProviderMethodInvoker? Find(MethodInfo method)
    {
        if (method.DeclaringType is not { } type)
        {
            return null;
        }

        // A type reached by name (the silo host loads providers so) may come from a module whose initializer has not
        // run yet; running it here is a no-op once it has.
        RuntimeHelpers.RunModuleConstructor(type.Module.ModuleHandle);
        if (!Entries.TryGetValue((type, method.Name), out var entries))
        {
            return null;
        }

        var parameters = method.GetParameters();
        foreach (var entry in entries)
        {
            if (entry.Matches(parameters))
            {
                return entry.Invoker;
            }
        }

        return null;
    }

    private sealed record Entry(Type[] ParameterTypes, ProviderMethodInvoker Invoker)
    {
        public bool Matches(Type[] others) => ParameterTypes.AsSpan().SequenceEqual(others);

        public bool Matches(ParameterInfo[] parameters)
        {
            if (parameters.Length != ParameterTypes.Length)
            {
                return false;
            }

            for (var i = 0; i < parameters.Length; i++)
            {
                if (parameters[i].ParameterType != ParameterTypes[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
