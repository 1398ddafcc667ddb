using MochiOrleans.Grains;
using MochiOrleans.Internal.Hosting;
using MochiOrleans.Internal.Registry;
using Orleans.Concurrency;

namespace MochiOrleans.Internal.Grains;

/// <summary>
/// Answers address lookups from this silo's <see cref="ClusterDirectory"/>. An address that is no engine's own but one
/// of this silo's public addresses (a Service or load balancer in front of the gateways) finds this silo: a stateless
/// worker runs on the gateway the client came in through, which is the silo behind that address.
/// </summary>
[StatelessWorker]
[Reentrant]
internal sealed class EngineDirectoryGrain(ClusterDirectory directory, SiloIdentity identity, IEnumerable<PublicAddressPattern> publicAddresses)
    : Grain, IEngineDirectoryGrain
{
    private readonly PublicAddressPattern[] _publicAddresses = [.. publicAddresses];

    public async Task<string?> LookupAsync(string engineAddress)
    {
        if (await directory.LookupSiloAsync(engineAddress) is { } silo)
        {
            return silo;
        }

        return _publicAddresses.Length > 0 && await IsPublicAddressAsync(engineAddress) ? identity.SiloKey : null;
    }

    private async Task<bool> IsPublicAddressAsync(string engineAddress)
    {
        if (await EngineAddressFormat.ResolveEndpointAsync(engineAddress, CancellationToken.None) is not { } endpoint)
        {
            return false;
        }

        foreach (var pattern in _publicAddresses)
        {
            if (await pattern.MatchesAsync(endpoint))
            {
                return true;
            }
        }

        return false;
    }
}
