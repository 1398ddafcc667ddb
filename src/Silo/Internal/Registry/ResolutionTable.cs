using System.Collections.Frozen;
using System.Collections.Immutable;
using MochiOrleans.Grains;

namespace MochiOrleans.Internal.Registry;

/// <summary>
/// The cluster's providers as one silo knows them, frozen for lock-free lookups on the hot path. A change builds a new
/// table; a lookup never waits for one.
/// </summary>
internal sealed class ResolutionTable
{
    public static readonly ResolutionTable Empty = new(
        FrozenDictionary<RpcKey, RpcRoute>.Empty,
        FrozenDictionary<string, ImmutableArray<ushort>>.Empty,
        FrozenDictionary<string, ProviderLocation>.Empty,
        FrozenDictionary<string, string>.Empty,
        []);

    private ResolutionTable(
        FrozenDictionary<RpcKey, RpcRoute> routes,
        FrozenDictionary<string, ImmutableArray<ushort>> providerIdsByName,
        FrozenDictionary<string, ProviderLocation> locations,
        FrozenDictionary<string, string> silosByEngineAddress,
        ImmutableArray<string> conflicts)
    {
        Routes = routes;
        ProviderIdsByName = providerIdsByName;
        Locations = locations;
        SilosByEngineAddress = silosByEngineAddress;
        Conflicts = conflicts;
    }

    public FrozenDictionary<RpcKey, RpcRoute> Routes { get; }

    /// <summary>The provider ids serving each RPC name, to tell "no such RPC" from "no such provider id" in errors.</summary>
    public FrozenDictionary<string, ImmutableArray<ushort>> ProviderIdsByName { get; }

    /// <summary>Where each provider grain may live, by grain key.</summary>
    public FrozenDictionary<string, ProviderLocation> Locations { get; }

    /// <summary>The silo key of each engine address.</summary>
    public FrozenDictionary<string, string> SilosByEngineAddress { get; }

    /// <summary>Registrations that clash with others (a race between silos); the first by silo order wins, the rest are listed here.</summary>
    public ImmutableArray<string> Conflicts { get; }

    /// <summary>Builds the table from every silo's registrations, in a deterministic order.</summary>
    public static ResolutionTable Build(IEnumerable<SiloRegistrations> silos, Func<string, IProviderGrain> grainOf)
    {
        var routes = new Dictionary<RpcKey, RpcRoute>();
        var idsByName = new Dictionary<string, SortedSet<ushort>>(StringComparer.Ordinal);
        var locations = new Dictionary<string, (bool IsInstance, List<string> Silos)>(StringComparer.Ordinal);
        var engines = new Dictionary<string, string>(StringComparer.Ordinal);
        var conflicts = ImmutableArray.CreateBuilder<string>();

        // Instance providers first: their silo claimed the key, so a virtual registration of the same key loses.
        var ordered = silos
            .OrderBy(s => s.SiloKey, StringComparer.Ordinal)
            .SelectMany(s => s.Providers.Select(p => (Silo: s.SiloKey, Provider: p)))
            .OrderBy(e => e.Provider.IsInstance ? 0 : 1);
        foreach (var silo in silos)
        {
            engines[silo.EngineAddress] = silo.SiloKey;
        }

        foreach (var (siloKey, provider) in ordered)
        {
            if (locations.TryGetValue(provider.GrainKey, out var location))
            {
                if (location.IsInstance || provider.IsInstance)
                {
                    conflicts.Add($"'{provider.GrainKey}' on silo {siloKey} clashes with its registration on {location.Silos[0]}");
                    continue;
                }

                location.Silos.Add(siloKey);
                continue;
            }

            locations[provider.GrainKey] = (provider.IsInstance, [siloKey]);
            var grain = grainOf(provider.GrainKey);
            var (names, generation) = MethodTable.LayoutOf(provider.Rpcs.Select(rpc => rpc.Name));
            foreach (var rpc in provider.Rpcs)
            {
                var key = new RpcKey(rpc.Name, provider.ProviderId);
                if (routes.TryGetValue(key, out var existing))
                {
                    conflicts.Add($"RPC '{rpc.Name}' under provider id {provider.ProviderId} is served by both '{existing.GrainKey}' and '{provider.GrainKey}'");
                    continue;
                }

                routes[key] = new RpcRoute(provider.GrainKey, grain, rpc.DisableResponse, rpc.UsesHandle, MethodTable.IndexIn(names, rpc.Name), generation);
                if (!idsByName.TryGetValue(rpc.Name, out var ids))
                {
                    idsByName[rpc.Name] = ids = [];
                }

                ids.Add(provider.ProviderId);
            }
        }

        return new ResolutionTable(
            routes.ToFrozenDictionary(),
            idsByName.ToFrozenDictionary(p => p.Key, p => p.Value.ToImmutableArray(), StringComparer.Ordinal),
            locations.ToFrozenDictionary(p => p.Key, p => new ProviderLocation(p.Value.IsInstance, [.. p.Value.Silos]), StringComparer.Ordinal),
            engines.ToFrozenDictionary(StringComparer.Ordinal),
            conflicts.ToImmutable());
    }
}
