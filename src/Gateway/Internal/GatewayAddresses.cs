using System.Collections.Concurrent;
using MochiOrleans.Grains;
using MochiOrleans.Internal;

namespace MochiOrleans.Gateway.Internal;

/// <summary>
/// The engine addresses gateway callers may use: those of the gateway's own cluster only, resolved through the silo's
/// engine and kept, so that a call costs no lookup once its address is known.
/// </summary>
/// <remarks>
/// A .NET client can look up any address because it connects from its own machine; the gateway connects from the
/// silo's, so an address of another cluster would make the silo open connections wherever a caller points it. Only
/// addresses the cluster's engine directory knows are resolved; the cache is bounded by the cluster's engines.
/// </remarks>
internal sealed class GatewayAddresses(Engine engine, IGrainFactory grains)
{
    private readonly ConcurrentDictionary<string, Address> _known = new(StringComparer.Ordinal);

    /// <summary>Resolves <paramref name="address"/>; empty for the engine of the silo serving the gateway.</summary>
    /// <exception cref="MargoException">
    /// <see cref="MargoErrorCode.InvalidArgument"/> for a malformed address, <see cref="MargoErrorCode.Unreachable"/> for one
    /// that is not an engine of this cluster.
    /// </exception>
    public async Task<Address> ResolveAsync(string address, CancellationToken cancellationToken)
    {
        if (address.Length == 0)
        {
            return engine.Address;
        }

        if (_known.TryGetValue(address, out var known))
        {
            return known;
        }

        var siloAddress = EngineAddressFormat.SplitEngineName(address, out var engineName);
        var endpoint = await EngineAddressFormat.ResolveEndpointAsync(siloAddress, cancellationToken).ConfigureAwait(false)
            ?? throw new MargoException(MargoErrorCode.InvalidArgument, $"'{address}' is not an engine address of the form tcp://host:port or tcp://host:port/name.");
        var key = EngineAddressFormat.Format(endpoint);
        if (engineName is not null)
        {
            // A hosted engine comes and goes with its session: resolved each time, never kept.
            if (await grains.GetGrain<IEngineDirectoryGrain>(0).LookupAsync(key).WaitAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                throw new MargoException(MargoErrorCode.Unreachable, $"No engine has the address '{key}' in this gateway's cluster; a gateway reaches the engines of its own cluster only.");
            }

            return await engine.LookupAsync(EngineAddressFormat.Format(endpoint, engineName), cancellationToken).ConfigureAwait(false);
        }

        if (key == engine.Address.ToString())
        {
            return _known.GetOrAdd(address, engine.Address);
        }

        var silo = await grains.GetGrain<IEngineDirectoryGrain>(0).LookupAsync(key).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (silo is null)
        {
            throw new MargoException(
                MargoErrorCode.Unreachable,
                $"No engine has the address '{key}' in this gateway's cluster; a gateway reaches the engines of its own cluster only.");
        }

        var resolved = await engine.LookupAsync(key, cancellationToken).ConfigureAwait(false);
        return _known.GetOrAdd(address, resolved);
    }
}
