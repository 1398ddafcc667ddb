using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;

namespace MochiOrleans.Internal.Providers;

/// <summary>
/// What a provider type offers: its <see cref="RemoteAttribute">[Remote]</see> methods, its implementations of the
/// methods of <see cref="ProviderAttribute">[Provider]</see> interfaces, and its finalize hooks.
/// Built by reflection once per type and cached; registrations only add names and ids.
/// </summary>
internal sealed class ProviderModel
{
    private const BindingFlags Members =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.FlattenHierarchy;

    private static readonly ConcurrentDictionary<Type, ProviderModel> Cache = new();

    private ProviderModel(Type type, string? serviceName, ImmutableArray<RemoteMethod> methods, ImmutableArray<FinalizeHook> prefinalize, ImmutableArray<FinalizeHook> finalize)
    {
        Type = type;
        ServiceName = serviceName;
        Methods = methods;
        Prefinalize = prefinalize;
        Finalize = finalize;
        NeedsInstance = methods.Any(m => !m.Method.IsStatic)
            || prefinalize.Any(h => !h.Method.IsStatic)
            || finalize.Any(h => !h.Method.IsStatic);
    }

    public Type Type { get; }

    /// <summary>The <see cref="ProviderAttribute"/> service name, if any.</summary>
    public string? ServiceName { get; }

    public ImmutableArray<RemoteMethod> Methods { get; }

    public ImmutableArray<FinalizeHook> Prefinalize { get; }

    public ImmutableArray<FinalizeHook> Finalize { get; }

    /// <summary>Whether any RPC or hook is an instance method, so that the provider needs an object.</summary>
    public bool NeedsInstance { get; }

    /// <summary>The model of <paramref name="type"/>, analysed on first use.</summary>
    /// <exception cref="ArgumentException">The type has neither a [Remote] method nor a hook, or a method cannot be an RPC.</exception>
    public static ProviderModel For(Type type) => Cache.GetOrAdd(type, Build);

    /// <summary>The model of a single function registered under a full RPC name.</summary>
    public static ProviderModel ForFunction(string rpcName, Delegate handler)
    {
        var method = RemoteMethod.Create(handler.Method, new RemoteAttribute { RpcName = rpcName });
        return new ProviderModel(handler.Method.DeclaringType ?? typeof(object), serviceName: null, [method], [], []);
    }

    /// <summary>The model of an external provider: its RPCs by full name, and one release hook if it has hooks.</summary>
    public static ProviderModel ForExternal(IEnumerable<(string FullName, bool DisableResponse)> rpcs, bool hasHooks) => new(
        typeof(IExternalProvider),
        serviceName: null,
        [.. rpcs.Select(rpc => RemoteMethod.Forwarding(rpc.FullName, rpc.DisableResponse))],
        [],
        hasHooks ? [FinalizeHook.Create(typeof(IExternalProvider).GetMethod(nameof(IExternalProvider.ReleasedAsync))!)] : []);

    private static ProviderModel Build(Type type)
    {
        var methods = ImmutableArray.CreateBuilder<RemoteMethod>();
        var prefinalize = ImmutableArray.CreateBuilder<FinalizeHook>();
        var finalize = ImmutableArray.CreateBuilder<FinalizeHook>();
        var remoteMethods = new HashSet<MethodInfo>();
        foreach (var method in type.GetMethods(Members).OrderBy(m => m.MetadataToken))
        {
            if (method.GetCustomAttribute<RemoteAttribute>() is { } remote)
            {
                methods.Add(RemoteMethod.Create(method, remote));
                remoteMethods.Add(method);
            }

            if (method.IsDefined(typeof(OnPrefinalizeAttribute)))
            {
                prefinalize.Add(FinalizeHook.Create(method));
            }

            if (method.IsDefined(typeof(OnFinalizeAttribute)))
            {
                finalize.Add(FinalizeHook.Create(method));
            }
        }

        methods.AddRange(ContractMethods(type, remoteMethods));

        // A provider of hooks only serves no RPC but takes part in finalization, as PyMargo allows.
        if (methods.Count == 0 && prefinalize.Count == 0 && finalize.Count == 0)
        {
            throw new ArgumentException(
                $"{type.FullName} has no [Remote] method and no [OnPrefinalize] or [OnFinalize] hook, so it cannot be registered as a provider.");
        }

        return new ProviderModel(
            type,
            type.GetCustomAttribute<ProviderAttribute>()?.ServiceName,
            methods.ToImmutable(),
            prefinalize.ToImmutable(),
            finalize.ToImmutable());
    }

    /// <summary>
    /// The class's implementations of the methods of its <see cref="ProviderAttribute">[Provider]</see> interfaces, as
    /// typed proxies call them: named after the interface's method and its [Remote] (an explicit implementation is
    /// called <c>ICalc.Sum</c>), in the interface's service unless the class's [Provider] or the registration names
    /// another. An implementation with a [Remote] of its own is an RPC by that attribute alone.
    /// </summary>
    private static IEnumerable<RemoteMethod> ContractMethods(Type type, HashSet<MethodInfo> remoteMethods)
    {
        if (type.IsInterface)
        {
            yield break;
        }

        foreach (var contract in type.GetInterfaces().OrderBy(i => i.FullName, StringComparer.Ordinal))
        {
            if (contract.GetCustomAttribute<ProviderAttribute>() is not { } provider)
            {
                continue;
            }

            var map = type.GetInterfaceMap(contract);
            for (var i = 0; i < map.InterfaceMethods.Length; i++)
            {
                var contractMethod = map.InterfaceMethods[i];
                var implementation = map.TargetMethods[i];
                if (contractMethod.IsStatic || !remoteMethods.Add(implementation))
                {
                    continue;
                }

                var remote = contractMethod.GetCustomAttribute<RemoteAttribute>();
                yield return RemoteMethod.Create(implementation, new RemoteAttribute
                {
                    RpcName = RpcNameResolver.RpcName(contractMethod.Name, remote?.RpcName),
                    DisableResponse = remote?.DisableResponse ?? false,
                    ServiceName = string.IsNullOrEmpty(provider.ServiceName) ? remote?.ServiceName : provider.ServiceName,
                });
            }
        }
    }
}
