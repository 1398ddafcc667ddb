using Microsoft.Extensions.Logging;
using MochiOrleans.Grains;
using MochiOrleans.Internal.Introspection;
using MochiOrleans.Internal.Placement;
using MochiOrleans.Internal.Registry;
using MochiOrleans.Internal.Server;
using Orleans.Concurrency;
using Orleans.Placement;
using Orleans.Runtime;

namespace MochiOrleans.Internal.Grains;

/// <summary>
/// Provider listing and remote provider control of one silo's engine: keyed by the silo address and placed there.
/// </summary>
[Reentrant]
[Immovable]
[MochiSiloPinnedPlacement]
internal sealed partial class ProviderControlGrain(
    ProviderRegistry registry,
    SiloIdentity identity,
    RemoteProviderControl control,
    IClusterMembershipService membership,
    ILogger<ProviderControlGrain> logger) : Grain, IProviderControlGrain
{
    private static readonly TimeSpan SiloCallTimeout = TimeSpan.FromSeconds(10);

    public async Task<ProviderDescription[]> ListClusterAsync()
    {
        var others = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active && !m.SiloAddress.Equals(identity.SiloAddress))
            .Select(m => ListSiloAsync(SiloIdentity.KeyOf(m.SiloAddress)));
        var lists = await Task.WhenAll(others).ConfigureAwait(true);

        // A virtual provider is configured on every silo that serves it: list it once. Instance keys are unique in
        // the cluster, so only a virtual one can repeat.
        return [.. Local().Concat(lists.SelectMany(list => list))
            .DistinctBy(p => (p.ServiceName, p.ProviderId))
            .OrderBy(p => p.ServiceName, StringComparer.Ordinal)
            .ThenBy(p => p.ProviderId)];
    }

    public Task<ProviderDescription[]> ListLocalAsync() => Task.FromResult(Local());

    public Task<RpcError?> DeregisterAsync(string serviceName, ushort providerId) => control.DeregisterAsync(serviceName, providerId);

    // Instance providers not yet confirmed by the cluster do not serve yet, as in the registrations silos exchange.
    private ProviderDescription[] Local() =>
        [.. registry.All.Where(r => !r.IsInstance || r.Claimed).Select(r => ProviderDescriber.Describe(r, identity.EngineAddress))];

    private async Task<ProviderDescription[]> ListSiloAsync(string siloKey)
    {
        try
        {
            return await GrainFactory.GetGrain<IProviderControlGrain>(siloKey).ListLocalAsync().WaitAsync(SiloCallTimeout).ConfigureAwait(true);
        }
        catch (Exception exception)
        {
            // A silo that cannot answer now (it is leaving) is left out rather than failing the whole listing.
            LogSiloUnlisted(logger, exception, siloKey);
            return [];
        }
    }

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Silo {SiloKey} did not list its providers; the listing leaves them out.")]
    private static partial void LogSiloUnlisted(ILogger logger, Exception exception, string siloKey);
}
