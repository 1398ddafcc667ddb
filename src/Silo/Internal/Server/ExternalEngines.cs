using System.Collections.Concurrent;

namespace MochiOrleans.Internal.Server;

/// <summary>
/// The engines living outside this process that this silo hosts (a Python server engine's gateway session), by the
/// name that ends their address (<c>tcp://host:port/name</c>): how lookups and remote shutdowns reach them.
/// </summary>
internal sealed class ExternalEngines
{
    private readonly ConcurrentDictionary<string, IExternalEngine> _byName = new(StringComparer.Ordinal);

    /// <exception cref="ArgumentException">The name is taken.</exception>
    public void Add(string name, IExternalEngine engine)
    {
        if (!_byName.TryAdd(name, engine))
        {
            throw new ArgumentException($"An external engine named '{name}' is already hosted here.", nameof(name));
        }
    }

    public void Remove(string name, IExternalEngine engine) => _byName.TryRemove(new KeyValuePair<string, IExternalEngine>(name, engine));

    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>Asks the engine named <paramref name="name"/> to finalize.</summary>
    /// <returns>Whether it accepted (it enabled remote shutdown); <see langword="null"/> if no such engine is hosted here.</returns>
    public bool? TryShutdown(string name) => _byName.TryGetValue(name, out var engine) ? engine.TryAcceptShutdown() : null;
}
