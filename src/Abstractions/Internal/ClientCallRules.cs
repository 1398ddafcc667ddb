using System.Collections.Frozen;
using System.Reflection;
using MochiOrleans.Grains;

namespace MochiOrleans.Internal;

/// <summary>
/// The allow-list of grain calls a client (a caller outside the cluster) may make into a MochiOrleans silo, by
/// interface and method. Every MochiOrleans or Orleans grain method not listed is cluster-internal. To open a new
/// client-facing method, add it here; <see cref="ClientAccess.Admin"/> makes it need the admin token as well.
/// </summary>
internal static class ClientCallRules
{
    private static readonly Assembly MochiGrains = typeof(IDispatchGrain).Assembly;

    private static readonly FrozenDictionary<(Type Interface, string Method), ClientAccess> MochiMethods =
        new Dictionary<(Type, string), ClientAccess>
        {
            // Provider invocation: through the dispatch grain, or directly from a cached resolution.
            [(typeof(IDispatchGrain), nameof(IDispatchGrain.ResolveAsync))] = ClientAccess.Caller,
            [(typeof(IDispatchGrain), nameof(IDispatchGrain.InvokeAsync))] = ClientAccess.Caller,
            [(typeof(IDispatchGrain), nameof(IDispatchGrain.PostAsync))] = ClientAccess.Caller,
            [(typeof(IProviderGrain), nameof(IProviderGrain.InvokeAsync))] = ClientAccess.Caller,
            [(typeof(IProviderGrain), nameof(IProviderGrain.PostAsync))] = ClientAccess.Caller,

            // Engine.TransferAsync against a server engine's bulk (the bulk's random id is the capability).
            [(typeof(IBulkGrain), nameof(IBulkGrain.ReadAsync))] = ClientAccess.Caller,
            [(typeof(IBulkGrain), nameof(IBulkGrain.WriteAsync))] = ClientAccess.Caller,
            [(typeof(IBulkGrain), nameof(IBulkGrain.OpenChannelAsync))] = ClientAccess.Caller,

            // Engine.LookupAsync.
            [(typeof(IEngineDirectoryGrain), nameof(IEngineDirectoryGrain.LookupAsync))] = ClientAccess.Caller,

            // Address.ShutdownAsync and its confirmation.
            [(typeof(ISiloControlGrain), nameof(ISiloControlGrain.ShutdownAsync))] = ClientAccess.Admin,
            [(typeof(ISiloControlGrain), nameof(ISiloControlGrain.ConfirmShutdownAsync))] = ClientAccess.Admin,

            // Engine.LookupAsync and Address.ShutdownAsync of an engine hosted by a silo's gateway (tcp://host:port/name).
            [(typeof(ISiloControlGrain), nameof(ISiloControlGrain.HasEngineAsync))] = ClientAccess.Caller,
            [(typeof(ISiloControlGrain), nameof(ISiloControlGrain.ShutdownEngineAsync))] = ClientAccess.Admin,

            // Engine.ListProvidersAsync, and Address.DeregisterProviderAsync (remote provider control).
            [(typeof(IProviderControlGrain), nameof(IProviderControlGrain.ListClusterAsync))] = ClientAccess.Caller,
            [(typeof(IProviderControlGrain), nameof(IProviderControlGrain.DeregisterAsync))] = ClientAccess.Admin,
        }.ToFrozenDictionary();

    /// <summary>
    /// Orleans' own interfaces a client needs: the cluster manifest (read when it connects) and the cancellation of
    /// its own calls (<c>CancelRequestOnTimeout</c>); and the test hooks through which a <c>TestCluster</c> client
    /// watches its silos (a system target only <c>Orleans.TestingHost</c> registers). Everything else of Orleans (the
    /// management grain first of all) is refused to clients. These need no token: a client must connect before it can
    /// be told that its token is wrong.
    /// </summary>
    private static readonly FrozenSet<string> OrleansInterfaces = new[]
    {
        "Orleans.Runtime.IClusterManifestSystemTarget",
        "Orleans.Runtime.IGrainCallCancellationExtension",
        "Orleans.Runtime.ICancellationSourcesExtension",
        "Orleans.Runtime.TestHooks.ITestHooks",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>What a client needs to call <paramref name="method"/> of <paramref name="grainInterface"/>.</summary>
    /// <param name="grainInterface">The grain interface the call targets.</param>
    /// <param name="method">The method name.</param>
    public static ClientAccess For(Type? grainInterface, string method)
    {
        if (grainInterface is null)
        {
            return ClientAccess.Refused;
        }

        if (grainInterface.Assembly == MochiGrains)
        {
            return MochiMethods.GetValueOrDefault((grainInterface, method), ClientAccess.Refused);
        }

        if (IsOrleans(grainInterface))
        {
            return grainInterface.FullName is { } name && OrleansInterfaces.Contains(name) ? ClientAccess.Anyone : ClientAccess.Refused;
        }

        // The application's own grains hosted beside MochiOrleans: open to clients, behind the access token.
        return ClientAccess.Caller;
    }

    private static bool IsOrleans(Type grainInterface) =>
        grainInterface.Namespace is { } ns && (ns == "Orleans" || ns.StartsWith("Orleans.", StringComparison.Ordinal));
}
