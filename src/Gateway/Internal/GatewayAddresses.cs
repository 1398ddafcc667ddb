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
    /// <summary>
    /// How many hosted engines' addresses are kept: sessions come and go, each with a new name, so the cache of them is
    /// bounded and starts over when full.
    /// </summary>
    private const int MaxHostedEngines = 4096;

    private readonly ConcurrentDictionary<string, Address> _known = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Address> _hosted = new(StringComparer.Ordinal);

    /// <summary>Resolves <paramref name="address"/>; empty for the engine of the silo serving the gateway.</summary>
    /// <param name="address">The address.</param>
    /// <param name="cancellationToken">Cancels the resolution.</param>
    /// <param name="revalidate">
    /// Ask again whether a hosted engine (<c>tcp://host:port/name</c>) is there (a lookup) rather than use the kept
    /// address (a call: one to an engine gone since is <see cref="MargoErrorCode.NoEntry"/>, as for a .NET caller).
    /// </param>
    /// <exception cref="MargoException">
    /// <see cref="MargoErrorCode.InvalidArgument"/> for a malformed address, <see cref="MargoErrorCode.Unreachable"/> for one
    /// that is not an engine of this cluster.
    /// </exception>
    public async Task<Address> ResolveAsync(string address, CancellationToken cancellationToken, bool revalidate = false)
    {
        if (address.Length == 0)
        {
            return engine.Address;
        }

        if (_known.TryGetValue(address, out var known) || (!revalidate && _hosted.TryGetValue(address, out known)))
        {
            return known;
        }

        var siloAddress = EngineAddressFormat.SplitEngineName(address, out var engineName);
        var endpoint = await EngineAddressFormat.ResolveEndpointAsync(siloAddress, cancellationToken).ConfigureAwait(false)
            ?? throw new MargoException(MargoErrorCode.InvalidArgument, $"'{address}' is not an engine address of the form tcp://host:port or tcp://host:port/name.");
        var key = EngineAddressFormat.Format(endpoint);
        if (engineName is not null)
        {
            if (await grains.GetGrain<IEngineDirectoryGrain>(0).LookupAsync(key).WaitAsync(cancellationToken).ConfigureAwait(false) is null)
            {
                throw new MargoException(MargoErrorCode.Unreachable, $"No engine has the address '{key}' in this gateway's cluster; a gateway reaches the engines of its own cluster only.");
            }

            var hosted = await engine.LookupAsync(EngineAddressFormat.Format(endpoint, engineName), cancellationToken).ConfigureAwait(false);
            if (_hosted.Count >= MaxHostedEngines)
            {
                _hosted.Clear();
            }

            _hosted[address] = hosted;
            return hosted;
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

    /// <summary>Drops the kept addresses of a hosted engine whose session (on this silo) has ended.</summary>
    public void Forget(string engineAddress)
    {
        foreach (var (text, address) in _hosted)
        {
            if (address.ToString() == engineAddress)
            {
                _hosted.TryRemove(new KeyValuePair<string, Address>(text, address));
            }
        }
    }
}
