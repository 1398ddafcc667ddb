using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MochiOrleans.Internal.Invocation;
using MochiOrleans.Internal.Registry;
using MochiOrleans.Internal.Server;
using MochiOrleans.Internal.Transfers;
using Orleans.Runtime;

namespace MochiOrleans.Internal;

/// <summary>
/// The server half of the silo's <see cref="Engine"/>: what the engine facade asks of the silo, answered by the parts
/// that own each concern — <see cref="ProviderClaims"/> (registration and claims), <see cref="EngineLifecycle"/>
/// (lifecycle stages and stop), <see cref="RemoteShutdown"/> and <see cref="MembershipWatch"/>.
/// </summary>
internal sealed class EngineServer(
    ProviderClaims claims,
    EngineLifecycle lifecycle,
    RemoteShutdown remoteShutdown,
    RemoteProviderControl remoteProviderControl,
    EnginePhase phase,
    EngineCallbacks callbacks,
    SiloIdentity identity,
    IGrainContextAccessor grainContext,
    IOptions<EngineOptions> options,
    BulkChannelListener bulkChannel) : IEngineServer
{
    private readonly EngineOptions _options = options.Value;

    public string Address => identity.EngineAddress;

    public string SiloKey => identity.SiloKey;

    public IBulkChannelListener? BulkChannel => _options.EnableBulkChannel ? bulkChannel : null;

    public bool IsFinalizing => phase.IsFinalizing;

    public bool SendStackTraces => _options.IncludeRemoteStackTraces;

    public TimeSpan CallbackTimeout => _options.FinalizeCallbackTimeout;

    public long MaxPayloadBytes => _options.MaxPayloadBytes;

    /// <summary>Makes <see cref="FinalizeAsync"/> stop this host: the engine of <c>Engine.StartAsync</c> owns its silo.</summary>
    public void OwnHost(IHost host) => lifecycle.OwnHost(host);

    public Task<IReadOnlyList<RegisteredRpc>> RegisterProviderAsync(
        object? instance, Type providerType, ushort providerId, string? serviceName, CancellationToken cancellationToken) =>
        claims.RegisterProviderAsync(instance, providerType, providerId, serviceName, cancellationToken);

    public Task<RegisteredRpc> RegisterFunctionAsync(string rpcName, Delegate handler, ushort providerId, CancellationToken cancellationToken) =>
        claims.RegisterFunctionAsync(rpcName, handler, providerId, cancellationToken);

    public bool Deregister(string rpcName, ushort providerId) => claims.Deregister(rpcName, providerId);

    public RegisteredRpc? FindRegistered(string rpcName, ushort? providerId) => claims.FindRegistered(rpcName, providerId);

    public void EnableRemoteShutdown() => remoteShutdown.Enable();

    public void EnableRemoteProviderControl() => remoteProviderControl.Enable();

    public void OnPrefinalize(Func<Task> callback) => callbacks.Prefinalize.Add(callback);

    public void OnFinalize(Func<Task> callback) => callbacks.Finalize.Add(callback);

    /// <summary>
    /// Finalizes the engine. Called from a handler (or any grain) of this silo — Margo's "shutdown RPC" — it completes
    /// once the prefinalize phase is over, not at the end: the stop deactivates every grain, the caller's own among
    /// them, and that waits for the caller's call to end.
    /// </summary>
    public Task FinalizeAsync(CancellationToken cancellationToken)
    {
        var stop = lifecycle.BeginFinalize();
        // The silo's hosted client has a grain context too (code of this process calling through it): only a grain's
        // own turn waits for its deactivation.
        var insideGrain = RunningHandler.IsCurrent || grainContext.GrainContext?.GrainInstance is IGrainBase;
        return (insideGrain ? Task.WhenAny(stop, phase.Finalizing) : stop).WaitAsync(cancellationToken);
    }

    public Task WaitForFinalizeAsync(CancellationToken cancellationToken) => phase.Finalized.WaitAsync(cancellationToken);

    public ValueTask ReleaseAsync() => lifecycle.ReleaseAsync();

    /// <summary>Called by a provider grain when it activates, so that prefinalize reaches live virtual providers.</summary>
    public void TrackVirtualActivation(string grainKey, bool active) => lifecycle.TrackVirtualActivation(grainKey, active);
}
