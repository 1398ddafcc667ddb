using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MochiOrleans.Grains;
using MochiOrleans.Internal.Providers;
using MochiOrleans.Internal.Registry;
using Orleans.Runtime;

namespace MochiOrleans.Internal;

/// <summary>
/// The server half of the silo's <see cref="Engine"/>: registration with cluster-wide uniqueness, and the finalize
/// sequence mapped onto the silo lifecycle.
/// </summary>
/// <remarks>
/// Stop runs lifecycle stages in descending order. At <c>Active + 1</c> nothing has stopped yet: prefinalize callbacks
/// run while RPCs flow both ways. The engine then refuses outgoing RPCs and incoming calls to instance providers
/// (<see cref="MargoErrorCode.Permission"/>); <c>GrainDeactivation</c> deactivates provider grains, which run their
/// finalize hooks; at <see cref="ServiceLifecycleStage.ApplicationServices"/>, before the runtime stops messaging,
/// engine finalize callbacks run and <see cref="WaitForFinalizeAsync"/> completes.
/// </remarks>
internal sealed partial class EngineServer : IEngineServer, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private const int PrefinalizeStage = ServiceLifecycleStage.Active + 1;
    private const int FinalizeStage = ServiceLifecycleStage.ApplicationServices;
    private static readonly TimeSpan RemoteShutdownHeadStart = TimeSpan.FromMilliseconds(200);

    private readonly ProviderRegistry _registry;
    private readonly ClusterDirectory _directory;
    private readonly SiloIdentity _identity;
    private readonly IGrainFactory _grains;
    private readonly IClusterMembershipService _membership;
    private readonly IServiceProvider _services;
    private readonly EngineOptions _options;
    private readonly ILogger _logger;
    private readonly FinalizeCallbacks _prefinalize = new("prefinalize");
    private readonly FinalizeCallbacks _finalize = new("finalize");
    private readonly TaskCompletionSource _finalized = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, bool> _virtualActivations = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _gate = new();
    private IHost? _ownedHost;
    private Task? _stopSilo;
    private int _hostReleased;
    private volatile bool _active;
    private volatile bool _finalizing;
    private volatile bool _remoteShutdownEnabled;

    public EngineServer(
        ProviderRegistry registry,
        ClusterDirectory directory,
        SiloIdentity identity,
        IGrainFactory grains,
        IClusterMembershipService membership,
        IServiceProvider services,
        IOptions<EngineOptions> options,
        IEnumerable<ProviderDefinition> definitions,
        ILogger<EngineServer> logger)
    {
        _registry = registry;
        _directory = directory;
        _identity = identity;
        _grains = grains;
        _membership = membership;
        _services = services;
        _options = options.Value;
        _logger = logger;
        _remoteShutdownEnabled = _options.EnableRemoteShutdown;

        // Providers configured on the silo builder: a bad one fails the silo's start with its reason.
        foreach (var definition in definitions)
        {
            if (definition.Instance is null)
            {
                AddVirtual(definition.Type, definition.ProviderId, definition.ServiceName);
            }
            else
            {
                RegisterProviderAsync(definition.Instance, definition.Type, definition.ProviderId, definition.ServiceName, CancellationToken.None)
                    .GetAwaiter()
                    .GetResult();
            }
        }
    }

    public string Address => _identity.EngineAddress;

    public bool IsFinalizing => _finalizing;

    public bool SendStackTraces => _options.IncludeRemoteStackTraces;

    public TimeSpan CallbackTimeout => _options.FinalizeCallbackTimeout;

    public long MaxPayloadBytes => _options.MaxPayloadBytes;

    public void Participate(ISiloLifecycle lifecycle)
    {
        lifecycle.Subscribe(nameof(EngineServer), ServiceLifecycleStage.Active, OnActiveAsync, _ => Task.CompletedTask);
        lifecycle.Subscribe(nameof(EngineServer) + ".Prefinalize", PrefinalizeStage, _ => Task.CompletedTask, OnPrefinalizeStageAsync);
        lifecycle.Subscribe(nameof(EngineServer) + ".Finalize", FinalizeStage, _ => Task.CompletedTask, OnFinalizeStageAsync);
    }

    /// <summary>Makes <see cref="FinalizeAsync"/> stop this host: the engine of <c>Engine.StartAsync</c> owns its silo.</summary>
    public void OwnHost(IHost host)
    {
        _ownedHost = host;

        // Ctrl-C and SIGTERM only signal the host; an embedded silo has no Run loop to react, so finalize here.
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => _ = FinalizeAsync(CancellationToken.None));
    }

    public async Task<IReadOnlyList<RegisteredRpc>> RegisterProviderAsync(
        object? instance, Type providerType, ushort providerId, string? serviceName, CancellationToken cancellationToken)
    {
        var model = ProviderModel.For(providerType);
        if (instance is null && model.NeedsInstance)
        {
            throw new ArgumentException(
                $"{providerType.FullName} has instance [Remote] methods or hooks; register an instance of it, not the type.",
                nameof(providerType));
        }

        var registration = ProviderRegistration.ForProvider(model, instance, isInstance: true, providerId, serviceName);
        await AddInstanceAsync(registration, cancellationToken).ConfigureAwait(false);
        return Describe(registration);
    }

    public async Task<RegisteredRpc> RegisterFunctionAsync(string rpcName, Delegate handler, ushort providerId, CancellationToken cancellationToken)
    {
        var registration = ProviderRegistration.ForFunction(rpcName, handler, providerId);
        await AddInstanceAsync(registration, cancellationToken).ConfigureAwait(false);
        return Describe(registration)[0];
    }

    /// <summary>Registers a virtual provider configured with <c>AddMochi(m => m.AddProvider&lt;T&gt;(id))</c>.</summary>
    public void AddVirtual(Type providerType, ushort providerId, string? serviceName)
    {
        RpcNameRules.ValidateProviderId(providerId);
        _registry.Add(ProviderRegistration.ForProvider(ProviderModel.For(providerType), instance: null, isInstance: false, providerId, serviceName));
    }

    public bool Deregister(string rpcName, ushort providerId)
    {
        if (!_registry.RemoveRpc(rpcName, providerId))
        {
            return false;
        }

        if (_active)
        {
            _ = _directory.PublishLocalAsync();
        }

        return true;
    }

    public RegisteredRpc? FindRegistered(string rpcName, ushort? providerId) =>
        _registry.Find(rpcName, providerId) is var (registration, disableResponse)
            ? new RegisteredRpc(rpcName, registration.ProviderId, disableResponse)
            : null;

    public void EnableRemoteShutdown() => _remoteShutdownEnabled = true;

    /// <summary>Starts finalizing if remote shutdown is enabled; the caller gets its answer before the silo stops.</summary>
    public bool TryStartRemoteShutdown()
    {
        if (!_remoteShutdownEnabled)
        {
            LogRemoteShutdownRefused(_logger);
            return false;
        }

        LogRemoteShutdown(_logger);
        _ = FinalizeAfterAcknowledgementAsync();
        return true;
    }

    // The caller's acknowledgement leaves through this silo's gateway, which the stop closes: give it a head start,
    // or a fast stop (no callbacks to run) can drop it and leave the caller waiting for its response timeout.
    private async Task FinalizeAfterAcknowledgementAsync()
    {
        await Task.Delay(RemoteShutdownHeadStart).ConfigureAwait(false);
        await FinalizeAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public void OnPrefinalize(Func<Task> callback) => _prefinalize.Add(callback);

    public void OnFinalize(Func<Task> callback) => _finalize.Add(callback);

    public Task FinalizeAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // A stop already under way (host stop, SIGTERM, another caller) is joined, never started twice.
            _stopSilo ??= _stopping.IsCancellationRequested ? _finalized.Task : Task.Run(StopSiloAsync, CancellationToken.None);
        }

        return _stopSilo.WaitAsync(cancellationToken);
    }

    public Task WaitForFinalizeAsync(CancellationToken cancellationToken) => _finalized.Task.WaitAsync(cancellationToken);

    public async ValueTask ReleaseAsync()
    {
        if (_ownedHost is { } host && Interlocked.Exchange(ref _hostReleased, 1) == 0)
        {
            // Disposing the host disposes its services, this engine among them; the flag makes that re-entry a no-op.
            await ((IAsyncDisposable)host).DisposeAsync().ConfigureAwait(false);
        }
    }

    public void Dispose() => _stopping.Dispose();

    /// <summary>Called by a provider grain when it activates, so that prefinalize reaches live virtual providers.</summary>
    public void TrackVirtualActivation(string grainKey, bool active)
    {
        if (active)
        {
            _virtualActivations[grainKey] = true;
        }
        else
        {
            _virtualActivations.TryRemove(grainKey, out _);
        }
    }

    private async Task AddInstanceAsync(ProviderRegistration registration, CancellationToken cancellationToken)
    {
        RpcNameRules.ValidateProviderId(registration.ProviderId);
        if (_finalizing || _stopping.IsCancellationRequested)
        {
            throw new MargoException(MargoErrorCode.Permission, "The engine is finalizing; it accepts no new providers.", providerId: registration.ProviderId);
        }

        if (!_active)
        {
            // Before the silo is active the registration waits here; OnActiveAsync claims it.
            _registry.Add(registration);
            return;
        }

        await _directory.RefreshAsync().ConfigureAwait(false);
        ThrowIfTakenInCluster(registration);
        _registry.Add(registration);
        await ClaimAsync(registration, cancellationToken).ConfigureAwait(false);
        await _directory.PublishLocalAsync().ConfigureAwait(false);
    }

    private void ThrowIfTakenInCluster(ProviderRegistration registration)
    {
        var table = _directory.Table;
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
            claimed = await _grains.GetGrain<IProviderGrain>(registration.GrainKey)
                .ClaimAsync(registration.Id)
                .WaitAsync(cancellationToken)
                .ConfigureAwait(false);
        }
        catch
        {
            _registry.Remove(registration);
            throw;
        }

        if (!claimed)
        {
            _registry.Remove(registration);
            throw new MargoException(
                MargoErrorCode.AlreadyExists,
                $"Provider '{registration.GrainKey}' is already registered elsewhere in the cluster.",
                providerId: registration.ProviderId);
        }

        _registry.MarkClaimed(registration);
        AddProviderHooks(registration);
    }

    // Margo pushes a provider's hooks onto the engine's callback lists when it registers; so do we, so that
    // engine and provider prefinalize callbacks run in one newest-first order.
    private void AddProviderHooks(ProviderRegistration registration)
    {
        if (!registration.Model.Prefinalize.IsEmpty)
        {
            _prefinalize.Add(() => _grains.GetGrain<IProviderGrain>(registration.GrainKey).PrefinalizeAsync());
        }
    }

    private async Task OnActiveAsync(CancellationToken cancellationToken)
    {
        _active = true;

        // However the silo ends (a stop cut short, a kill in a test cluster), waiting for finalization ends with it.
        _ = _services.GetRequiredService<Silo>().SiloTerminated.ContinueWith(
            _ => _finalized.TrySetResult(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        // Instance providers configured on the silo builder are claimed now; one the cluster already has is a
        // configuration error, and the silo refuses to start rather than serve half of what it was told to.
        foreach (var registration in _registry.All.Where(r => r.IsInstance && !r.Claimed).ToList())
        {
            try
            {
                await ClaimAsync(registration, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                LogClaimFailed(_logger, exception, registration.GrainKey);
                throw;
            }
        }

        await _directory.RefreshAsync(force: true).ConfigureAwait(false);
        await _directory.PublishLocalAsync().ConfigureAwait(false);
        _ = WatchMembershipAsync(_stopping.Token);
    }

    private async Task OnPrefinalizeStageAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _stopping.Cancel();
        }

        LogFinalizing(_logger, _identity.EngineAddress);
        await _prefinalize.RunAsync(CallbackTimeout, _logger).ConfigureAwait(false);
        foreach (var key in _virtualActivations.Keys)
        {
            try
            {
                await _grains.GetGrain<IProviderGrain>(key).PrefinalizeAsync().WaitAsync(CallbackTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                LogVirtualPrefinalizeFailed(_logger, exception, key);
            }
        }

        _finalizing = true;
    }

    private async Task OnFinalizeStageAsync(CancellationToken cancellationToken)
    {
        _finalizing = true;

        // Provider grains run their finalize hooks when they deactivate; an instance whose grain was not
        // deactivated (not activated, or deactivation timed out) is finalized here so that no hook is skipped.
        foreach (var registration in _registry.All.Where(r => r.IsInstance))
        {
            if (registration.TryBeginFinalize())
            {
                await FinalizeHook.RunAllAsync(registration.Model.Finalize, registration.Instance, CallbackTimeout, _logger).ConfigureAwait(false);
            }
        }

        await _finalize.RunAsync(CallbackTimeout, _logger).ConfigureAwait(false);
        _finalized.TrySetResult();
        LogFinalized(_logger, _identity.EngineAddress);
    }

    private async Task StopSiloAsync()
    {
        try
        {
            if (_ownedHost is { } host)
            {
                await host.StopAsync().ConfigureAwait(false);
            }
            else
            {
                await _services.GetRequiredService<Silo>().StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            LogStopFailed(_logger, exception);
        }
        finally
        {
            // The lifecycle completes this on a graceful stop; a failed or skipped one still ends the wait.
            _finalized.TrySetResult();
        }
    }

    private async Task WatchMembershipAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var snapshot in _membership.MembershipUpdates.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                await _directory.OnMembershipChangedAsync(snapshot).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            LogMembershipWatchFailed(_logger, exception);
        }
    }

    private static List<RegisteredRpc> Describe(ProviderRegistration registration) =>
        [.. registration.Methods.Select(pair => new RegisteredRpc(pair.Key, registration.ProviderId, pair.Value.Attribute.DisableResponse))];

    [LoggerMessage(Level = LogLevel.Information, Message = "Engine {Address} is finalizing.")]
    private static partial void LogFinalizing(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Engine {Address} has finalized.")]
    private static partial void LogFinalized(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Remote shutdown requested; finalizing.")]
    private static partial void LogRemoteShutdown(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Remote shutdown requested but not enabled; refused.")]
    private static partial void LogRemoteShutdownRefused(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Provider {GrainKey} configured on this silo could not be registered in the cluster.")]
    private static partial void LogClaimFailed(ILogger logger, Exception exception, string grainKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Prefinalize of virtual provider {GrainKey} failed.")]
    private static partial void LogVirtualPrefinalizeFailed(ILogger logger, Exception exception, string grainKey);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stopping the silo failed.")]
    private static partial void LogStopFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching cluster membership stopped unexpectedly.")]
    private static partial void LogMembershipWatchFailed(ILogger logger, Exception exception);
}
