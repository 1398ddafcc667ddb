using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MochiOrleans.Grains;
using MochiOrleans.Internal.Registry;
using Orleans.Runtime;

namespace MochiOrleans.Internal.Server;

/// <summary>
/// The engine's part of the silo lifecycle: providers configured on the silo builder are taken in before the silo
/// serves and claimed once it is active; a stop runs prefinalize, then finalize; and this is where every way of
/// ending the engine starts (or joins) the silo's stop.
/// </summary>
/// <remarks>
/// Stop runs lifecycle stages in descending order. At <c>Active + 1</c> nothing has stopped yet: prefinalize callbacks
/// run while RPCs flow both ways. The engine then refuses outgoing RPCs and incoming calls to instance providers
/// (<see cref="MargoErrorCode.Permission"/>); <c>GrainDeactivation</c> deactivates provider grains, which run their
/// finalize hooks; at <see cref="ServiceLifecycleStage.ApplicationServices"/>, before the runtime stops messaging,
/// engine finalize callbacks run and waiting for finalization ends.
/// </remarks>
internal sealed partial class EngineLifecycle(
    ProviderClaims claims,
    MembershipWatch membershipWatch,
    ClusterDirectory directory,
    EnginePhase phase,
    EngineCallbacks callbacks,
    BackgroundWork background,
    SiloIdentity identity,
    IGrainFactory grains,
    IServiceProvider services,
    IOptions<EngineOptions> options,
    IEnumerable<ProviderDefinition> definitions,
    ILogger<EngineLifecycle> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private const int PrefinalizeStage = ServiceLifecycleStage.Active + 1;
    private const int FinalizeStage = ServiceLifecycleStage.ApplicationServices;

    private readonly ConcurrentDictionary<string, bool> _virtualActivations = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private IHost? _ownedHost;
    private CancellationTokenRegistration _hostStopping;
    private Task? _stopSilo;
    private int _hostReleased;

    // Never faults (it logs); kept so that the task is owned, not dropped.
    private Task _terminated = Task.CompletedTask;

    private TimeSpan CallbackTimeout => options.Value.FinalizeCallbackTimeout;

    public void Participate(ISiloLifecycle lifecycle)
    {
        lifecycle.Subscribe(nameof(EngineLifecycle) + ".Providers", ServiceLifecycleStage.ApplicationServices, OnApplicationServicesAsync, _ => Task.CompletedTask);
        lifecycle.Subscribe(nameof(EngineLifecycle) + ".Active", ServiceLifecycleStage.Active, OnActiveAsync, _ => Task.CompletedTask);
        lifecycle.Subscribe(nameof(EngineLifecycle) + ".Prefinalize", PrefinalizeStage, _ => Task.CompletedTask, OnPrefinalizeStageAsync);
        lifecycle.Subscribe(nameof(EngineLifecycle) + ".Finalize", FinalizeStage, _ => Task.CompletedTask, OnFinalizeStageAsync);
    }

    /// <summary>Makes finalizing stop this host: the engine of <c>Engine.StartAsync</c> owns its silo.</summary>
    public void OwnHost(IHost host)
    {
        _ownedHost = host;

        // Ctrl-C and SIGTERM only signal the host; an embedded silo has no Run loop to react, so finalize here. The
        // stop this starts is kept in _stopSilo, which every FinalizeAsync and ReleaseAsync awaits.
        _hostStopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(StartFinalizing);
    }

    /// <summary>
    /// Starts the silo's stop without waiting for it; the stop is kept and awaited by every later
    /// <see cref="BeginFinalize"/> and by <see cref="ReleaseAsync"/>. For callers the stop itself waits for.
    /// </summary>
    public void StartFinalizing() => BeginFinalize();

    /// <summary>Starts the silo's stop, or joins the one under way (host stop, SIGTERM, another caller).</summary>
    /// <returns>Completes when the stop has ended; never faults.</returns>
    public Task BeginFinalize()
    {
        lock (_gate)
        {
            return _stopSilo ??= phase.IsStopping ? phase.Finalized : Task.Run(StopSiloAsync, CancellationToken.None);
        }
    }

    /// <summary>After finalization, disposes the owned host. Idempotent.</summary>
    public async ValueTask ReleaseAsync()
    {
        if (_ownedHost is not { } host || Interlocked.Exchange(ref _hostReleased, 1) != 0)
        {
            return;
        }

        await _hostStopping.DisposeAsync().ConfigureAwait(false);
        await (_stopSilo ?? Task.CompletedTask).ConfigureAwait(false);

        // Disposing the host disposes its services, this engine among them; the flag makes that re-entry a no-op.
        await ((IAsyncDisposable)host).DisposeAsync().ConfigureAwait(false);
    }

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

    private Task OnApplicationServicesAsync(CancellationToken cancellationToken)
    {
        claims.AddConfigured(definitions);
        return Task.CompletedTask;
    }

    private async Task OnActiveAsync(CancellationToken cancellationToken)
    {
        phase.MarkActive();

        // However the silo ends (a stop cut short, a kill in a test cluster), waiting for finalization ends with it.
        _terminated = MarkFinalizedWhenTerminatedAsync(services.GetRequiredService<Silo>().SiloTerminated);

        await claims.ClaimPendingAsync(cancellationToken).ConfigureAwait(false);
        await directory.RefreshAsync(force: true).ConfigureAwait(false);
        await directory.PublishLocalAsync().ConfigureAwait(false);
        membershipWatch.Start();
    }

    private async Task MarkFinalizedWhenTerminatedAsync(Task siloTerminated)
    {
        try
        {
            await siloTerminated.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogStopFailed(logger, exception);
        }
        finally
        {
            phase.MarkFinalized();
        }
    }

    private async Task OnPrefinalizeStageAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            phase.MarkStopping();
        }

        LogFinalizing(logger, identity.EngineAddress);
        await membershipWatch.StopAsync(cancellationToken).ConfigureAwait(false);

        // Providers deregistered just before run their hooks before the engine's, as they would have on their own.
        await background.WhenIdleAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await callbacks.Prefinalize.RunAsync(CallbackTimeout, logger).ConfigureAwait(false);
        foreach (var key in _virtualActivations.Keys)
        {
            await FinalizeCallbacks.RunGuardedAsync(
                $"Prefinalize of virtual provider {key}", () => grains.GetGrain<IProviderLifecycleGrain>(key).PrefinalizeAsync(), CallbackTimeout, logger).ConfigureAwait(false);
        }

        phase.MarkFinalizing();
    }

    private async Task OnFinalizeStageAsync(CancellationToken cancellationToken)
    {
        phase.MarkFinalizing();
        await background.WhenIdleAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await claims.FinalizeRemainingAsync().ConfigureAwait(false);
        await callbacks.Finalize.RunAsync(CallbackTimeout, logger).ConfigureAwait(false);
        phase.MarkFinalized();
        LogFinalized(logger, identity.EngineAddress);
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
                await services.GetRequiredService<Silo>().StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            LogStopFailed(logger, exception);
        }
        finally
        {
            // The lifecycle completes this on a graceful stop; a failed or skipped one still ends the wait.
            phase.MarkFinalized();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Engine {Address} is finalizing.")]
    private static partial void LogFinalizing(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Engine {Address} has finalized.")]
    private static partial void LogFinalized(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stopping the silo failed.")]
    private static partial void LogStopFailed(ILogger logger, Exception exception);
}
