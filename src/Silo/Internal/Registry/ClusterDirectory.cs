using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using MochiOrleans.Grains;
using Orleans.Runtime;

namespace MochiOrleans.Internal.Registry;

/// <summary>
/// This silo's view of which providers the cluster serves: the union of every active silo's registrations.
/// </summary>
/// <remarks>
/// There is no central registry to lose: each silo owns its registrations and pushes them to the others when they
/// change; a silo joining pulls everyone's; a silo leaving membership is dropped, and the RPCs its instance providers
/// served are remembered as departed so that callers get <see cref="MargoErrorCode.Unreachable"/>, not a bare
/// <see cref="MargoErrorCode.NoEntry"/>. A lookup that misses pulls again (at most every
/// <see cref="MinimumRefreshInterval"/>) before answering <see cref="MargoErrorCode.NoEntry"/>.
/// </remarks>
internal sealed partial class ClusterDirectory
{
    public static readonly TimeSpan MinimumRefreshInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan SiloCallTimeout = TimeSpan.FromSeconds(5);

    private readonly ProviderRegistry _registry;
    private readonly SiloIdentity _identity;
    private readonly IGrainFactory _grains;
    private readonly IClusterMembershipService _membership;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, IProviderGrain> _grainReferences = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private ImmutableDictionary<string, SiloRegistrations> _silos = ImmutableDictionary.Create<string, SiloRegistrations>(StringComparer.Ordinal);
    private ImmutableDictionary<RpcKey, string> _departed = ImmutableDictionary<RpcKey, string>.Empty;
    private volatile ResolutionTable _table = ResolutionTable.Empty;
    private Task? _refresh;
    private long _lastRefresh;

    public ClusterDirectory(
        ProviderRegistry registry,
        SiloIdentity identity,
        IGrainFactory grains,
        IClusterMembershipService membership,
        ILogger<ClusterDirectory> logger)
    {
        _registry = registry;
        _identity = identity;
        _grains = grains;
        _membership = membership;
        _logger = logger;
    }

    public ResolutionTable Table => _table;

    public bool TryResolve(string rpcName, ushort providerId, out RpcRoute route) =>
        _table.Routes.TryGetValue(new RpcKey(rpcName, providerId), out route!);

    /// <summary>Resolves a call, refreshing the view once if it misses.</summary>
    public async ValueTask<(RpcRoute? Route, RpcError? Error)> ResolveAsync(string rpcName, ushort providerId)
    {
        if (TryResolve(rpcName, providerId, out var route))
        {
            return (route, null);
        }

        await RefreshAsync().ConfigureAwait(false);
        return TryResolve(rpcName, providerId, out route) ? (route, null) : (null, Missing(rpcName, providerId));
    }

    /// <summary>Finds the silo serving an engine address, refreshing the view once if it misses.</summary>
    public async ValueTask<string?> LookupSiloAsync(string engineAddress)
    {
        if (_table.SilosByEngineAddress.TryGetValue(engineAddress, out var siloKey))
        {
            return siloKey;
        }

        await RefreshAsync().ConfigureAwait(false);
        return _table.SilosByEngineAddress.GetValueOrDefault(engineAddress);
    }

    /// <summary>Explains why a call does not resolve.</summary>
    public RpcError Missing(string rpcName, ushort providerId)
    {
        if (_departed.TryGetValue(new RpcKey(rpcName, providerId), out var silo))
        {
            return new RpcError(
                MargoErrorCode.Unreachable,
                Format($"Provider {providerId} serving RPC '{rpcName}' lived on silo {silo}, which has left the cluster."));
        }

        if (_table.ProviderIdsByName.TryGetValue(rpcName, out var ids))
        {
            return new RpcError(
                MargoErrorCode.NoEntry,
                Format($"No provider with id {providerId} serves RPC '{rpcName}' (provider ids serving it: {string.Join(", ", ids)})."));
        }

        return new RpcError(MargoErrorCode.NoEntry, Format($"No RPC named '{rpcName}' is registered in the cluster."));
    }

    /// <summary>
    /// Takes in another silo's registrations (published to this silo or fetched from it) once they pass
    /// <see cref="SiloRegistrationsCheck"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The snapshot is malformed; nothing of it is taken in.</exception>
    public void ApplyFromPeer(SiloRegistrations registrations)
    {
        if (SiloRegistrationsCheck.Problem(registrations, _identity.SiloKey) is { } problem)
        {
            throw new ArgumentException(problem, nameof(registrations));
        }

        Apply(registrations);
    }

    /// <summary>Takes in a silo's registrations unless a newer snapshot of that silo is already known.</summary>
    public void Apply(SiloRegistrations registrations)
    {
        lock (_gate)
        {
            if (_silos.TryGetValue(registrations.SiloKey, out var known) && known.Version > registrations.Version)
            {
                return;
            }

            _silos = _silos.SetItem(registrations.SiloKey, registrations);
            var served = registrations.Providers.SelectMany(p => p.Rpcs.Select(r => new RpcKey(r.Name, p.ProviderId)));
            _departed = _departed.RemoveRange(served);
            RebuildLocked();
        }
    }

    /// <summary>Forgets a silo that left the cluster, remembering what its instance providers served.</summary>
    public void Remove(string siloKey)
    {
        lock (_gate)
        {
            if (!_silos.TryGetValue(siloKey, out var removed))
            {
                return;
            }

            _silos = _silos.Remove(siloKey);
            var departed = removed.Providers
                .Where(p => p.IsInstance)
                .SelectMany(p => p.Rpcs.Select(r => new KeyValuePair<RpcKey, string>(new RpcKey(r.Name, p.ProviderId), siloKey)));
            _departed = _departed.SetItems(departed);
            RebuildLocked();
        }

        LogSiloRemoved(_logger, siloKey);
    }

    /// <summary>Takes this silo's own registrations into the view and sends them to every other active silo.</summary>
    public async Task PublishLocalAsync()
    {
        var snapshot = _registry.Snapshot(_identity.SiloKey, _identity.EngineAddress);
        Apply(snapshot);
        await Task.WhenAll(OtherActiveSilos().Select(silo => CallSiloAsync(silo, grain => grain.PublishAsync(snapshot)))).ConfigureAwait(false);
    }

    /// <summary>
    /// Pulls every active silo's registrations. Concurrent callers share one refresh, and a refresh that completed less
    /// than <see cref="MinimumRefreshInterval"/> ago is not repeated, so that a flood of unknown names cannot flood
    /// the cluster.
    /// </summary>
    public Task RefreshAsync(bool force = false)
    {
        lock (_gate)
        {
            if (_refresh is { IsCompleted: false })
            {
                return _refresh;
            }

            if (!force && Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastRefresh)) < MinimumRefreshInterval)
            {
                return Task.CompletedTask;
            }

            return _refresh = PullAllAsync();
        }
    }

    /// <summary>Brings the view in line with a membership change: drops dead silos and pulls from new ones.</summary>
    public async Task OnMembershipChangedAsync(ClusterMembershipSnapshot membership)
    {
        foreach (var siloKey in _silos.Keys)
        {
            if (siloKey != _identity.SiloKey && membership.GetSiloStatus(SiloAddress.FromParsableString(siloKey)) == SiloStatus.Dead)
            {
                Remove(siloKey);
            }
        }

        var joined = membership.Members.Values
            .Where(m => m.Status == SiloStatus.Active && !_silos.ContainsKey(SiloIdentity.KeyOf(m.SiloAddress)))
            .Select(m => m.SiloAddress)
            .Where(silo => !silo.Equals(_identity.SiloAddress));
        await Task.WhenAll(joined.Select(FetchAsync)).ConfigureAwait(false);
    }

    private async Task PullAllAsync()
    {
        Apply(_registry.Snapshot(_identity.SiloKey, _identity.EngineAddress));
        await Task.WhenAll(OtherActiveSilos().Select(FetchAsync)).ConfigureAwait(false);
        Interlocked.Exchange(ref _lastRefresh, Stopwatch.GetTimestamp());
    }

    private Task FetchAsync(SiloAddress silo) => CallSiloAsync(silo, async grain => ApplyFromPeer(await grain.GetRegistrationsAsync().ConfigureAwait(false)));

    private async Task CallSiloAsync(SiloAddress silo, Func<ISiloRegistryGrain, Task> call)
    {
        var key = SiloIdentity.KeyOf(silo);
        try
        {
            await call(_grains.GetGrain<ISiloRegistryGrain>(key)).WaitAsync(SiloCallTimeout).ConfigureAwait(false);
        }
        catch (ArgumentException exception)
        {
            // A snapshot refused by SiloRegistrationsCheck (here, or by the peer we published to) leaves that silo's
            // providers unrouted until it publishes a valid one: an operator must see it.
            LogSnapshotRefused(_logger, exception, key);
        }
        catch (Exception exception)
        {
            // A silo that cannot be reached now is caught up by the next membership change or refresh.
            LogSiloCallFailed(_logger, exception, key);
        }
    }

    private IEnumerable<SiloAddress> OtherActiveSilos() =>
        _membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active && !m.SiloAddress.Equals(_identity.SiloAddress))
            .Select(m => m.SiloAddress);

    private void RebuildLocked()
    {
        var table = ResolutionTable.Build(_silos.Values, key => _grainReferences.GetOrAdd(key, k => _grains.GetGrain<IProviderGrain>(k)));
        foreach (var conflict in table.Conflicts.Except(_table.Conflicts))
        {
            LogConflict(_logger, conflict);
        }

        _table = table;
    }

    private static string Format(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {SiloKey} left the cluster; its providers are no longer routed.")]
    private static partial void LogSiloRemoved(ILogger logger, string siloKey);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Exchanging registrations with silo {SiloKey} failed.")]
    private static partial void LogSiloCallFailed(ILogger logger, Exception exception, string siloKey);

    [LoggerMessage(EventId = 1200, Level = LogLevel.Error, Message = "Registrations exchanged with silo {SiloKey} were refused as malformed; its providers are not routed from here.")]
    private static partial void LogSnapshotRefused(ILogger logger, Exception exception, string siloKey);

    [LoggerMessage(Level = LogLevel.Error, Message = "Conflicting provider registrations: {Conflict}. The first registration keeps serving.")]
    private static partial void LogConflict(ILogger logger, string conflict);
}
