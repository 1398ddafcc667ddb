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

        // A silo that is stopping must not place anything on itself: the activation would be refused and the call
        // forwarded back here until Orleans gives up, leaving the caller to its response timeout.
        var localActive = context.LocalSiloStatus == SiloStatus.Active;
        if (registry.TryGet(key, out var local))
        {
            // Registered here (an instance this silo is claiming, or a virtual provider): stay local.
            if (localActive)
            {
                return Task.FromResult(context.LocalSilo);
            }

            if (local.IsInstance)
            {
                throw new SiloUnavailableException($"Provider '{key}' lives on silo {context.LocalSilo}, which is shutting down.");
            }
        }

        var compatible = context.GetCompatibleSilos(target).Where(silo => localActive || !silo.Equals(context.LocalSilo)).ToArray();
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

        // Unknown here: activate locally (or on any active silo), where the grain answers NoEntry and deactivates.
        if (localActive)
        {
            return Task.FromResult(context.LocalSilo);
        }

        return compatible.Length > 0
            ? Task.FromResult(compatible[Random.Shared.Next(compatible.Length)])
            : throw new SiloUnavailableException($"No active silo can host provider '{key}'.");
    }
}
