using MochiOrleans.Internal.Registry;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace MochiOrleans.Internal.Placement;

/// <summary>Chooses the silo of a new provider grain activation (see <see cref="MochiProviderPlacement"/>).</summary>
internal sealed class ProviderPlacementDirector(ProviderRegistry registry, ClusterDirectory directory) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString();

        // Registered here (an instance this silo is claiming, or a virtual provider): stay local.
        if (registry.TryGet(key, out _))
        {
            return Task.FromResult(context.LocalSilo);
        }

        var compatible = context.GetCompatibleSilos(target);
        if (directory.Table.Locations.TryGetValue(key, out var location))
        {
            var hosts = compatible.Where(silo => location.SiloKeys.Contains(SiloIdentity.KeyOf(silo))).ToArray();
            if (hosts.Length > 0)
            {
                return Task.FromResult(hosts[Random.Shared.Next(hosts.Length)]);
            }

            if (location.IsInstance)
            {
                throw new SiloUnavailableException($"Provider '{key}' lives on silo {location.SiloKeys[0]}, which is not active.");
            }
        }

        // Unknown here: activate locally, where the grain answers NoEntry and deactivates.
        return Task.FromResult(context.LocalSilo);
    }
}
