using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;

namespace MochiOrleans.Internal.Providers;

/// <summary>
/// What a provider type offers: its <see cref="RemoteAttribute">[Remote]</see> methods and its finalize hooks.
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

    private static ProviderModel Build(Type type)
    {
        var methods = ImmutableArray.CreateBuilder<RemoteMethod>();
        var prefinalize = ImmutableArray.CreateBuilder<FinalizeHook>();
        var finalize = ImmutableArray.CreateBuilder<FinalizeHook>();
        foreach (var method in type.GetMethods(Members).OrderBy(m => m.MetadataToken))
        {
            if (method.GetCustomAttribute<RemoteAttribute>() is { } remote)
            {
                methods.Add(RemoteMethod.Create(method, remote));
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
}
