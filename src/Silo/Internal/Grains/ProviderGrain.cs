using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MochiOrleans.Grains;
using MochiOrleans.Internal.Invocation;
using MochiOrleans.Internal.Logging;
using MochiOrleans.Internal.Placement;
using MochiOrleans.Internal.Providers;
using MochiOrleans.Internal.Registry;
using Orleans.Concurrency;
using Orleans.Placement;

namespace MochiOrleans.Internal.Grains;

/// <summary>
/// The one grain class that hosts every provider, keyed <c>"service:providerId"</c>. This file binds an activation to
/// its provider (registration, object, hooks, claims and release); <c>ProviderGrain.Invocation.cs</c> runs calls.
/// </summary>
/// <remarks>
/// Reentrant, so a provider serves many calls at once (handlers interleave at their awaits, as Margo handlers do on
/// their pool), and immovable, because an instance provider's object cannot travel.
/// </remarks>
[Reentrant]
[Immovable]
[MochiProviderPlacement]
internal sealed partial class ProviderGrain : Grain, IProviderGrain, IProviderLifecycleGrain
{
    private readonly ProviderRegistry _registry;
    private readonly EngineServer _server;
    private readonly Engine _engine;
    private readonly IServiceProvider _services;
    private readonly ResponseCheck _responses;
    private readonly LogRateLimiter _logLimiter;
    private readonly MochiTelemetry _telemetry;
    private readonly ILogger _logger;
    private ProviderRegistration? _registration;
    private object? _target;
    private RpcError? _unavailable;
    private bool _virtualPrefinalized;
    private bool _virtualFinalized;

    public ProviderGrain(
        ProviderRegistry registry,
        EngineServer server,
        Engine engine,
        IServiceProvider services,
        ResponseCheck responses,
        LogRateLimiter logLimiter,
        MochiTelemetry telemetry,
        ILogger<ProviderGrain> logger)
    {
        _registry = registry;
        _server = server;
        _engine = engine;
        _services = services;
        _responses = responses;
        _logLimiter = logLimiter;
        _telemetry = telemetry;
        _logger = logger;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        if (_registry.TryGet(key, out var registration))
        {
            Bind(registration);
        }
        else
        {
            _unavailable = new RpcError(MargoErrorCode.NoEntry, $"No provider '{key}' is registered on this silo.");
        }

        if (_unavailable is not null)
        {
            DeactivateOnIdle();
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Runs finalize hooks. An instance provider finalizes when its engine does (the object outlives any activation);
    /// a virtual provider's object ends with its activation, so any deactivation (idle, rebalancing, shutdown) runs
    /// its prefinalize hooks, if the engine has not already, and then its finalize hooks: each once.
    /// </summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_registration is not { } registration)
        {
            return;
        }

        if (registration.IsInstance)
        {
            if ((reason.ReasonCode == DeactivationReasonCode.ShuttingDown || _server.IsFinalizing) && registration.TryBeginFinalize())
            {
                await FinalizeHook.RunAllAsync(registration.Model.Finalize, _target, _server.CallbackTimeout, _logger);
            }

            return;
        }

        _server.TrackVirtualActivation(registration.GrainKey, active: false);
        await PrefinalizeAsync();
        if (!_virtualFinalized)
        {
            _virtualFinalized = true;
            await FinalizeHook.RunAllAsync(registration.Model.Finalize, _target, _server.CallbackTimeout, _logger);
        }
    }

    public async Task PrefinalizeAsync()
    {
        if (_registration is not { } registration)
        {
            return;
        }

        var first = registration.IsInstance ? registration.TryBeginPrefinalize() : !_virtualPrefinalized;
        _virtualPrefinalized = true;
        if (first)
        {
            await FinalizeHook.RunAllAsync(registration.Model.Prefinalize, _target, _server.CallbackTimeout, _logger);
        }
    }

    public Task<bool> ClaimAsync(Guid registrationId)
    {
        if (_registration is { IsInstance: true } registration && registration.Id == registrationId)
        {
            return Task.FromResult(true);
        }

        // The provider this grain served was withdrawn, and its key registered again on this silo: serve the new one.
        var withdrawn = _registration is null || !_registry.TryGet(_registration.GrainKey, out var current) || !ReferenceEquals(current, _registration);
        if (withdrawn && _registry.TryGet(this.GetPrimaryKeyString(), out var replacement) && replacement.IsInstance && replacement.Id == registrationId)
        {
            Bind(replacement);
            return Task.FromResult(_unavailable is null);
        }

        return Task.FromResult(false);
    }

    public async Task<bool> ReleaseAsync(Guid registrationId)
    {
        if (_registration is not { IsInstance: true } registration || registration.Id != registrationId)
        {
            return false;
        }

        if (registration.TryBeginPrefinalize())
        {
            await FinalizeHook.RunAllAsync(registration.Model.Prefinalize, _target, _server.CallbackTimeout, _logger);
        }

        if (registration.TryBeginFinalize())
        {
            await FinalizeHook.RunAllAsync(registration.Model.Finalize, _target, _server.CallbackTimeout, _logger);
        }

        // Drop the object, so that nothing here keeps it alive, and end the keep-alive: Orleans collects the grain as
        // idle. Not DeactivateOnIdle: calls racing a deactivation (a caller's cached route, the key registered again at
        // once) are forwarded to the dying activation and rejected; this activation instead serves a new registration
        // of its key (ClaimAsync) until it is collected.
        _registration = null;
        _target = null;
        _unavailable = new RpcError(MargoErrorCode.NoEntry, $"Provider '{registration.GrainKey}' was deregistered.");
        DelayDeactivation(TimeSpan.Zero);
        return true;
    }

    private void Bind(ProviderRegistration registration)
    {
        try
        {
            _target = registration.IsInstance || !registration.Model.NeedsInstance
                ? registration.Instance
                : ActivatorUtilities.CreateInstance(_services, registration.Model.Type);
        }
        catch (Exception exception)
        {
            LogProviderCreationFailed(_logger, exception, registration.GrainKey);
            _unavailable = new RpcError(
                MargoErrorCode.RemoteError,
                $"Provider '{registration.GrainKey}' could not be created: {exception.Message}",
                exception.GetType().FullName);
            return;
        }

        _registration = registration;
        _unavailable = null;
        if (registration.IsInstance)
        {
            // The object lives in this process for as long as it is registered: never idle-collect its grain.
            DelayDeactivation(Timeout.InfiniteTimeSpan);
        }
        else
        {
            _server.TrackVirtualActivation(registration.GrainKey, active: true);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Virtual provider {GrainKey} could not be created.")]
    private static partial void LogProviderCreationFailed(ILogger logger, Exception exception, string grainKey);
}
