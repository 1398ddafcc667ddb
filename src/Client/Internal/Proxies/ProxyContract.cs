using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;

namespace MochiOrleans.Internal.Proxies;

/// <summary>
/// The RPCs of a <see cref="ProviderAttribute">[Provider]</see> interface, named by the provider rules exactly as a
/// provider class implementing the interface serves them (src/Silo/Internal/Providers/ProviderModel.cs) and as the
/// analyzers check them (MOCHI0001–0005, MOCHI0008, MOCHI0009): every method is an RPC, named after the method and its
/// <see cref="RemoteAttribute"/>, in the service of the interface that declares it.
/// </summary>
internal sealed class ProxyContract
{
    private static readonly ConcurrentDictionary<Type, ProxyContract> Cache = new();

    private ProxyContract(Type type, ImmutableArray<ProxyMethod> methods)
    {
        Type = type;
        Methods = methods;
    }

    public Type Type { get; }

    /// <summary>The methods the proxy implements, in a fixed order: a method's index is its call site.</summary>
    public ImmutableArray<ProxyMethod> Methods { get; }

    /// <summary>The contract of <paramref name="type"/>, analysed on first use.</summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="type"/> is not an interface marked [Provider], or one of its members cannot be proxied (the message
    /// names it).
    /// </exception>
    public static ProxyContract For(Type type) => Cache.GetOrAdd(type, Analyse);

    private static ProxyContract Analyse(Type type)
    {
        if (!type.IsInterface)
        {
            throw new ArgumentException($"{type.FullName} is not an interface: a typed proxy implements an interface marked [Provider].");
        }

        if (type.GetCustomAttribute<ProviderAttribute>() is null)
        {
            throw new ArgumentException($"{type.FullName} is not marked [Provider]: only a provider interface's methods are RPCs.");
        }

        if (type.ContainsGenericParameters)
        {
            throw new ArgumentException($"{type.FullName} is an open generic interface; close it over concrete types.");
        }

        var methods = ImmutableArray.CreateBuilder<ProxyMethod>();
        var byName = new Dictionary<string, MethodInfo>(StringComparer.Ordinal);
        foreach (var contract in (IEnumerable<Type>)[type, .. type.GetInterfaces()])
        {
            // A proxy must implement every inherited method, but a server serves only [Provider] interfaces' methods.
            var provider = contract.GetCustomAttribute<ProviderAttribute>()
                ?? throw new ArgumentException(
                    $"{type.FullName} inherits {contract.FullName}, which is not marked [Provider]: its methods are not RPCs a provider serves.");
            foreach (var member in contract.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                if (member is PropertyInfo or EventInfo)
                {
                    throw Unproxiable(contract, member.Name, $"is a {(member is PropertyInfo ? "property" : "event")}; only methods are RPCs");
                }
            }

            foreach (var method in contract.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                         .Where(m => !m.IsSpecialName)
                         .OrderBy(m => m.MetadataToken))
            {
                var analysed = Analyse(contract, provider, method);
                if (byName.TryGetValue(analysed.RpcName, out var other))
                {
                    throw new ArgumentException(
                        $"{Describe(other)} and {Describe(method)} both map to RPC name '{analysed.RpcName}'; give one of them another [Remote(RpcName = ...)].");
                }

                byName.Add(analysed.RpcName, method);
                methods.Add(analysed);
            }
        }

        return new ProxyContract(type, methods.ToImmutable());
    }

    private static ProxyMethod Analyse(Type contract, ProviderAttribute provider, MethodInfo method)
    {
        if (method.IsGenericMethodDefinition)
        {
            throw Unproxiable(contract, method.Name, "is generic; an RPC is a concrete method");
        }

        var (shape, result) = ReturnOf(method.ReturnType)
            ?? throw Unproxiable(contract, method.Name, $"returns {method.ReturnType.Name}; a proxy method returns Task, Task<T>, ValueTask or ValueTask<T>");
        var cancellationIndex = -1;
        var parameters = method.GetParameters();
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            var parameterType = parameter.ParameterType;
            if (parameterType.IsByRef || parameterType.IsPointer || parameter.IsOut)
            {
                throw Unproxiable(contract, method.Name, $"has a ref, out, in or pointer parameter '{parameter.Name}'; RPC arguments are values");
            }

            if (parameterType == typeof(Handle))
            {
                throw Unproxiable(contract, method.Name, $"has a Handle parameter '{parameter.Name}', which only the provider's side has");
            }

            if (parameterType == typeof(CancellationToken))
            {
                cancellationIndex = cancellationIndex < 0
                    ? i
                    : throw Unproxiable(contract, method.Name, "has more than one CancellationToken parameter");
            }
        }

        var remote = method.GetCustomAttribute<RemoteAttribute>() ?? new RemoteAttribute();
        var service = RpcNameResolver.ServiceName(registrationServiceName: null, provider.ServiceName, remote);
        var rpcName = RpcNameResolver.FullName(service, RpcNameResolver.RpcName(method, remote));
        if (RpcNameRules.Problem(rpcName) is { } problem)
        {
            throw Unproxiable(contract, method.Name, problem);
        }

        return new ProxyMethod(method, rpcName, remote.DisableResponse, shape, result, cancellationIndex);
    }

    private static (ProxyReturn Shape, Type? Result)? ReturnOf(Type returnType)
    {
        if (returnType == typeof(Task))
        {
            return (ProxyReturn.Task, null);
        }

        if (returnType == typeof(ValueTask))
        {
            return (ProxyReturn.ValueTask, null);
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            return (ProxyReturn.TaskOf, returnType.GetGenericArguments()[0]);
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            return (ProxyReturn.ValueTaskOf, returnType.GetGenericArguments()[0]);
        }

        return null;
    }

    private static string Describe(MethodInfo method) => $"{method.DeclaringType?.Name}.{method.Name}";

    private static ArgumentException Unproxiable(Type contract, string member, string reason) =>
        new($"{contract.Name}.{member} {reason}; the MochiOrleans analyzers report this at compile time.");
}
