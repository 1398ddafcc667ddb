using System.Collections.Frozen;
using System.Globalization;
using MochiOrleans.Grains;
using MochiOrleans.Internal.Providers;

namespace MochiOrleans.Internal.Registry;

/// <summary>
/// A provider registered on this silo under a provider id: its grain key, its RPCs by full name and, for an instance
/// registration, the object serving them.
/// </summary>
internal sealed class ProviderRegistration
{
    private volatile MethodTable _methods;
    private int _prefinalized;
    private int _finalized;

    private ProviderRegistration(
        ProviderModel model, object? instance, bool isInstance, ushort providerId, string grainKey, FrozenDictionary<string, RemoteMethod> methods)
    {
        Model = model;
        Instance = instance;
        IsInstance = isInstance;
        ProviderId = providerId;
        GrainKey = grainKey;
        _methods = MethodTable.Of(methods);
    }

    /// <summary>Tells this registration from another one with the same key elsewhere in the cluster.</summary>
    public Guid Id { get; } = Guid.NewGuid();

    public ProviderModel Model { get; }

    /// <summary>The provider object of an instance registration; <see langword="null"/> for static and virtual providers.</summary>
    public object? Instance { get; }

    /// <summary>
    /// <see langword="true"/> when the provider lives in this process (<c>Engine.RegisterProvider</c>,
    /// <c>AddProvider(object)</c>); <see langword="false"/> for a virtual provider that any silo may activate.
    /// </summary>
    public bool IsInstance { get; }

    public ushort ProviderId { get; }

    /// <summary>The provider grain key, <c>"service:providerId"</c>.</summary>
    public string GrainKey { get; }

    /// <summary>The RPCs served, by full name.</summary>
    public FrozenDictionary<string, RemoteMethod> Methods => _methods.ByName;

    /// <summary>The RPCs served, by name and by position; replaced (with a new generation) when one is removed.</summary>
    public MethodTable Table => _methods;

    /// <summary>For an instance registration: whether the cluster confirmed it owns the grain key.</summary>
    public bool Claimed { get; set; }

    /// <summary>
    /// The engine prefinalize callback that runs this provider's prefinalize hooks, if it has any; kept so that a
    /// deregistration can take it off the engine's list, which would otherwise keep the provider object alive.
    /// </summary>
    public Func<Task>? PrefinalizeCallback { get; set; }

    /// <summary>Claims the one run of an instance provider's prefinalize hooks; <see langword="false"/> if they already ran.</summary>
    public bool TryBeginPrefinalize() => Interlocked.Exchange(ref _prefinalized, 1) == 0;

    /// <summary>Claims the one run of an instance provider's finalize hooks; <see langword="false"/> if they already ran.</summary>
    public bool TryBeginFinalize() => Interlocked.Exchange(ref _finalized, 1) == 0;

    /// <summary>Builds a provider registration.</summary>
    /// <exception cref="ArgumentException">Two methods map to one RPC name, or a name is invalid.</exception>
    public static ProviderRegistration ForProvider(ProviderModel model, object? instance, bool isInstance, ushort providerId, string? serviceName)
    {
        var methods = new Dictionary<string, RemoteMethod>(StringComparer.Ordinal);
        var methodServices = new HashSet<string?>();
        foreach (var method in model.Methods)
        {
            var service = RpcNameResolver.ServiceName(serviceName, model.ServiceName, method.Attribute);
            methodServices.Add(service);
            var fullName = RpcNameResolver.FullName(service, method.RpcName);
            if (RpcNameRules.Problem(fullName) is { } problem)
            {
                throw new ArgumentException($"{method.DisplayName}: {problem}");
            }

            // Two methods behind one wire name would make the choice of handler arbitrary: refuse.
            if (!methods.TryAdd(fullName, method))
            {
                throw new ArgumentException(
                    $"{methods[fullName].DisplayName} and {method.DisplayName} of {model.Type.FullName} both map to RPC name '{fullName}'.");
            }
        }

        var keyService = string.IsNullOrEmpty(serviceName)
            ? model.ServiceName ?? (methodServices.Count == 1 ? methodServices.Single() : null)
            : serviceName;
        return new ProviderRegistration(model, instance, isInstance, providerId, GrainKeyOf(keyService, providerId), methods.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>Builds the registration of a single function; its grain key uses the RPC name as the service.</summary>
    public static ProviderRegistration ForFunction(string rpcName, Delegate handler, ushort providerId)
    {
        var model = ProviderModel.ForFunction(rpcName, handler);
        var methods = new Dictionary<string, RemoteMethod>(StringComparer.Ordinal) { [rpcName] = model.Methods[0] };
        return new ProviderRegistration(model, handler.Target, isInstance: true, providerId, GrainKeyOf(rpcName, providerId), methods.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>Builds the registration of an external provider, whose model names its RPCs in full.</summary>
    /// <exception cref="MargoException"><see cref="MargoErrorCode.InvalidArgument"/>: a name is invalid or given twice.</exception>
    public static ProviderRegistration ForExternal(ProviderModel model, IExternalProvider provider, ushort providerId, string serviceName)
    {
        var methods = new Dictionary<string, RemoteMethod>(StringComparer.Ordinal);
        foreach (var method in model.Methods)
        {
            if (RpcNameRules.Problem(method.RpcName) is { } problem)
            {
                throw new MargoException(MargoErrorCode.InvalidArgument, problem, method.RpcName, providerId);
            }

            if (!methods.TryAdd(method.RpcName, method))
            {
                throw new MargoException(MargoErrorCode.InvalidArgument, $"RPC '{method.RpcName}' is declared twice.", method.RpcName, providerId);
            }
        }

        return new ProviderRegistration(model, provider, isInstance: true, providerId, GrainKeyOf(serviceName, providerId), methods.ToFrozenDictionary(StringComparer.Ordinal));
    }

    public static string GrainKeyOf(string? serviceName, ushort providerId) =>
        string.Create(CultureInfo.InvariantCulture, $"{serviceName}:{providerId}");

    /// <summary>Stops serving <paramref name="rpcName"/>; returns <see langword="false"/> if it was not served.</summary>
    public bool RemoveMethod(string rpcName)
    {
        var current = _methods.ByName;
        if (!current.ContainsKey(rpcName))
        {
            return false;
        }

        _methods = MethodTable.Of(current.Where(pair => pair.Key != rpcName));
        return true;
    }

    public ProviderRecord ToRecord() =>
        new(GrainKey, ProviderId, IsInstance, [.. Methods.Select(pair => new RpcRecord(pair.Key, pair.Value.Attribute.DisableResponse, pair.Value.UsesHandle))]);
}
