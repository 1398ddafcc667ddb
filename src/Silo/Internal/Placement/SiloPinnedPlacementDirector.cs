using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace MochiOrleans.Internal.Placement;

/// <summary>Places a grain whose key is a silo address on that silo (see <see cref="MochiSiloPinnedPlacement"/>).</summary>
internal sealed class SiloPinnedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString();
        SiloAddress silo;
        try
        {
            silo = SiloAddress.FromParsableString(key);
        }
        catch (FormatException exception)
        {
            throw new ArgumentException($"'{key}' is not a silo address.", exception);
        }

        return context.GetCompatibleSilos(target).Contains(silo)
            ? Task.FromResult(silo)
            : throw new SiloUnavailableException($"Silo {key} is not an active member of the cluster.");
    }
}
