using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MochiOrleans.Grains;
using MochiOrleans.Internal.Providers;
using MochiOrleans.Internal.Registry;

namespace MochiOrleans.Internal.Server;

/// <summary>
/// Registration with cluster-wide uniqueness: a provider registered here is claimed in the cluster before it serves,
/// and a deregistered one is released — its hooks run once, its grain deactivates and its object is dropped.
/// </summary>
internal sealed partial class ProviderClaims(
    ProviderRegistry registry,
    ClusterDirectory directory,
    IGrainFactory grains,
    EnginePhase phase,
    EngineCallbacks callbacks,
    BackgroundWork background,
    IOptions<EngineOptions> options,
    ILogger<ProviderClaims> logger)
{
    private TimeSpan CallbackTimeout => options.Value.FinalizeCallbackTimeout;

    public async Task<IReadOnlyList<RegisteredRpc>> RegisterProviderAsync(
        object? instance, Type providerType, ushort providerId, string? serviceName, CancellationToken cancellationToken)
    {
        var registration = CreateInstance(instance, providerType, providerId, serviceName);
        await AddInstanceAsync(registration, cancellationToken).ConfigureAwait(false);
        return Describe(registration);
    }

    public async Task<RegisteredRpc> RegisterFunctionAsync(string rpcName, Delegate handler, ushort providerId, CancellationToken cancellationToken)
    {
        var registration = ProviderRegistration.ForFunction(rpcName, handler, providerId);
        await AddInstanceAsync(registration, cancellationToken).ConfigureAwait(false);
        return Describe(registration)[0];
    }

    /// <summary>
    /// Registers a provider that lives outside this process (a gateway session's), claimed in the cluster as an
    /// instance provider of this silo: callers cannot tell it from a .NET one.
    /// </summary>
    /// <returns>The provider's grain key, which <see cref="DeregisterExternalAsync"/> takes.</returns>
    /// <exception cref="MargoException">
    /// <see cref="MargoErrorCode.AlreadyExists"/>, <see cref="MargoErrorCode.InvalidArgument"/> or
    /// <see cref="MargoErrorCode.Permission"/> (finalizing), as for a .NET registration.
    /// </exception>
    public async Task<string> RegisterExternalAsync(
        IExternalProvider provider, string serviceName, ushort providerId, IReadOnlyList<(string FullName, bool DisableResponse)> rpcs, bool hasHooks,
        CancellationToken cancellationToken)
    {
        var registration = ProviderRegistration.ForExternal(ProviderModel.ForExternal(rpcs, hasHooks), provider, providerId, serviceName);
        await AddInstanceAsync(registration, cancellationToken).ConfigureAwait(false);
        return registration.GrainKey;
    }

    /// <summary>
    /// Deregisters an external provider if <paramref name="provider"/> still serves <paramref name="grainKey"/> (a
    /// registration of the key made since by someone else stays).
    /// </summary>
    public Task<bool> DeregisterExternalAsync(string grainKey, IExternalProvider provider) =>
        registry.TryGet(grainKey, out var current) && ReferenceEquals(current.Instance, provider)
            ? DeregisterProviderAsync(grainKey)
            : Task.FromResult(false);

    /// <summary>
    /// Takes in the providers configured on the silo builder before the silo serves: virtual ones are served at once,
    /// instance ones are claimed by <see cref="ClaimPendingAsync"/>. A bad one fails the silo's start with its reason.
    /// </summary>
    public void AddConfigured(IEnumerable<ProviderDefinition> definitions)
    {
        foreach (var definition in definitions)
        {
            if (definition.Instance is null)
            {
                RpcNameRules.ValidateProviderId(definition.ProviderId);
                registry.Add(ProviderRegistration.ForProvider(
                    ProviderModel.For(definition.Type), instance: null, isInstance: false, definition.ProviderId, definition.ServiceName));
            }
            else
            {
                var registration = CreateInstance(definition.Instance, definition.Type, definition.ProviderId, definition.ServiceName);
                RpcNameRules.ValidateProviderId(registration.ProviderId);
                registry.Add(registration);
            }
        }
    }

    /// <summary>
    /// Claims the instance providers registered before the silo was active. One the cluster already has is a
    /// configuration error, and the silo refuses to start rather than serve half of what it was told to.
    /// </summary>
    public async Task ClaimPendingAsync(CancellationToken cancellationToken)
    {
        foreach (var registration in registry.All.Where(r => r.IsInstance && !r.Claimed).ToList())
        {
            try
            {
                await ClaimAsync(registration, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                LogClaimFailed(logger, exception, registration.GrainKey);
                throw;
            }
        }
    }

    /// <summary>Stops serving one RPC; a provider left without RPCs is released in the background.</summary>
    public bool Deregister(string rpcName, ushort providerId)
    {
        if (!registry.RemoveRpc(rpcName, providerId, out var withdrawn))
        {
            return false;
        }

        if (withdrawn is not null)
        {
            Withdraw(withdrawn);
        }

        if (phase.IsActive)
        {
            background.Run(directory.PublishLocalAsync, "publishing this silo's registrations");
        }

        return true;
    }

    /// <summary>
    /// Stops serving a whole provider of this silo (remote provider control) and releases it as <see cref="Deregister"/>
    /// does; completes once its hooks have run and the cluster has been told.
    /// </summary>
    /// <returns><see langword="false"/> if this silo has no provider with that key.</returns>
    public async Task<bool> DeregisterProviderAsync(string grainKey)
    {
        if (!registry.TryRemove(grainKey, out var withdrawn))
        {
            return false;
        }

        TakeOffCallbacks(withdrawn);
        await ReleaseAsync(withdrawn).ConfigureAwait(false);
        if (phase.IsActive)
        {
            await directory.PublishLocalAsync().ConfigureAwait(false);
        }

        return true;
    }

    public RegisteredRpc? FindRegistered(string rpcName, ushort? providerId) =>
        registry.Find(rpcName, providerId) is var (registration, disableResponse)
            ? new RegisteredRpc(rpcName, registration.ProviderId, disableResponse)
            : null;

    /// <summary>
    /// Runs the finalize hooks of every instance provider whose grain did not (it was never activated, or its
    /// deactivation timed out), so that no hook is skipped.
    /// </summary>
    public async Task FinalizeRemainingAsync()
    {
        foreach (var registration in registry.All.Where(r => r.IsInstance))
        {
            if (registration.TryBeginFinalize())
            {
                await FinalizeHook.RunAllAsync(registration.Model.Finalize, registration.Instance, CallbackTimeout, logger).ConfigureAwait(false);
            }
        }
    }

    private void Withdraw(ProviderRegistration withdrawn)
    {
        TakeOffCallbacks(withdrawn);
        background.Run(() => ReleaseAsync(withdrawn), $"releasing deregistered provider '{withdrawn.GrainKey}'");
    }

    private void TakeOffCallbacks(ProviderRegistration withdrawn)
    {
        if (withdrawn.PrefinalizeCallback is { } prefinalize)
        {
            callbacks.Prefinalize.Remove(prefinalize);
        }
    }

    private static ProviderRegistration CreateInstance(object? instance, Type providerType, ushort providerId, string? serviceName)
    {
        var model = ProviderModel.For(providerType);
        if (instance is null && model.NeedsInstance)
        {
            throw new ArgumentException(
                $"{providerType.FullName} has instance [Remote] methods or hooks; register an instance of it, not the type.",
                nameof(providerType));
        }

        return ProviderRegistration.ForProvider(model, instance, isInstance: true, providerId, serviceName);
    }

    private async Task AddInstanceAsync(ProviderRegistration registration, CancellationToken cancellationToken)
    {
        RpcNameRules.ValidateProviderId(registration.ProviderId);
        if (phase.IsFinalizing || phase.IsStopping)
        {
            throw new MargoException(MargoErrorCode.Permission, "The engine is finalizing; it accepts no new providers.", providerId: registration.ProviderId);
        }

        if (!phase.IsActive)
        {
            // Before the silo is active the registration waits here; ClaimPendingAsync claims it.
            registry.Add(registration);
            return;
        }

        await directory.RefreshAsync().ConfigureAwait(false);
        ThrowIfTakenInCluster(registration);
        registry.Add(registration);
        await ClaimAsync(registration, cancellationToken).ConfigureAwait(false);
        await directory.PublishLocalAsync().ConfigureAwait(false);
    }

    private void ThrowIfTakenInCluster(ProviderRegistration registration)
    {
        var table = directory.Table;
        if (table.Locations.ContainsKey(registration.GrainKey))
        {
            throw new MargoException(
                MargoErrorCode.AlreadyExists,
                $"Provider '{registration.GrainKey}' is already registered in the cluster.",
                providerId: registration.ProviderId);
        }

        foreach (var name in registration.Methods.Keys)
        {
            if (table.Routes.TryGetValue(new RpcKey(name, registration.ProviderId), out var route))
            {
                throw new MargoException(
                    MargoErrorCode.AlreadyExists,
                    $"RPC '{name}' is already registered under provider id {registration.ProviderId} (by '{route.GrainKey}').",
                    name,
                    registration.ProviderId);
            }
        }
    }

    /// <summary>
    /// Makes the cluster agree that this silo owns the grain key: the provider grain is a single activation, placed here
    /// for a key registered here, so it confirms only our registration; anyone else's means the key is taken.
    /// </summary>
    private async Task ClaimAsync(ProviderRegistration registration, CancellationToken cancellationToken)
    {
        bool claimed;
        try
        {
            claimed = await grains.GetGrain<IProviderLifecycleGrain>(registration.GrainKey)
                .ClaimAsync(registration.Id)
                .WaitAsync(cancellationToken)
                .ConfigureAwait(false);
        }
        catch
        {
            registry.Remove(registration);
            throw;
        }

        if (!claimed)
        {
            registry.Remove(registration);
            throw new MargoException(
                MargoErrorCode.AlreadyExists,
                $"Provider '{registration.GrainKey}' is already registered elsewhere in the cluster.",
                providerId: registration.ProviderId);
        }

        registry.MarkClaimed(registration);
        if (!registration.Model.Prefinalize.IsEmpty)
        {
            var key = registration.GrainKey;
            registration.PrefinalizeCallback = () => grains.GetGrain<IProviderLifecycleGrain>(key).PrefinalizeAsync();
            callbacks.Prefinalize.Add(registration.PrefinalizeCallback);
        }
    }

    /// <summary>
    /// Ends a deregistered provider: its grain runs its hooks and deactivates; hooks its grain did not run (it served
    /// another registration by then, or could not be reached) run here. Each hook runs once either way.
    /// </summary>
    private async Task ReleaseAsync(ProviderRegistration registration)
    {
        if (registration.Claimed)
        {
            try
            {
                await grains.GetGrain<IProviderLifecycleGrain>(registration.GrainKey).ReleaseAsync(registration.Id).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                LogReleaseFailed(logger, exception, registration.GrainKey);
            }
        }

        if (registration.TryBeginPrefinalize())
        {
            await FinalizeHook.RunAllAsync(registration.Model.Prefinalize, registration.Instance, CallbackTimeout, logger).ConfigureAwait(false);
        }

        if (registration.TryBeginFinalize())
        {
            await FinalizeHook.RunAllAsync(registration.Model.Finalize, registration.Instance, CallbackTimeout, logger).ConfigureAwait(false);
        }
    }

    private static List<RegisteredRpc> Describe(ProviderRegistration registration) =>
        [.. registration.Methods.Select(pair => new RegisteredRpc(pair.Key, registration.ProviderId, pair.Value.Attribute.DisableResponse))];

    [LoggerMessage(Level = LogLevel.Error, Message = "Provider {GrainKey} configured on this silo could not be registered in the cluster.")]
    private static partial void LogClaimFailed(ILogger logger, Exception exception, string grainKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The grain of deregistered provider {GrainKey} could not be released; its hooks run here.")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string grainKey);
}
