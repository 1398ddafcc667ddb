using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using MochiOrleans.Grains;

namespace MochiOrleans.Internal.Registry;

/// <summary>
/// The providers registered on this silo. Uniqueness of a grain key and of an (RPC name, provider id) pair is checked
/// here for the silo; <see cref="Server.ProviderClaims"/> extends it to the cluster.
/// </summary>
internal sealed class ProviderRegistry
{
    private readonly object _gate = new();
    private ImmutableDictionary<string, ProviderRegistration> _byKey = ImmutableDictionary.Create<string, ProviderRegistration>(StringComparer.Ordinal);
    private long _version;

    /// <summary>Grows with every change, so that other silos can tell a newer snapshot from an older one.</summary>
    public long Version => Interlocked.Read(ref _version);

    public IEnumerable<ProviderRegistration> All => _byKey.Values;

    /// <exception cref="MargoException"><see cref="MargoErrorCode.AlreadyExists"/> if the key or one of its RPCs is taken here.</exception>
    public void Add(ProviderRegistration registration)
    {
        lock (_gate)
        {
            if (_byKey.ContainsKey(registration.GrainKey))
            {
                throw AlreadyExists(registration, $"Provider '{registration.GrainKey}' is already registered on this silo.");
            }

            foreach (var existing in _byKey.Values)
            {
                if (existing.ProviderId != registration.ProviderId)
                {
                    continue;
                }

                foreach (var name in registration.Methods.Keys)
                {
                    if (existing.Methods.ContainsKey(name))
                    {
                        throw AlreadyExists(
                            registration,
                            $"RPC '{name}' is already registered under provider id {registration.ProviderId} (by '{existing.GrainKey}').");
                    }
                }
            }

            _byKey = _byKey.Add(registration.GrainKey, registration);
            Interlocked.Increment(ref _version);
        }
    }

    public void Remove(ProviderRegistration registration)
    {
        lock (_gate)
        {
            if (_byKey.TryGetValue(registration.GrainKey, out var current) && ReferenceEquals(current, registration))
            {
                _byKey = _byKey.Remove(registration.GrainKey);
                Interlocked.Increment(ref _version);
            }
        }
    }

    /// <summary>Records that the cluster confirmed an instance registration, which makes it visible to other silos.</summary>
    public void MarkClaimed(ProviderRegistration registration)
    {
        lock (_gate)
        {
            registration.Claimed = true;
            Interlocked.Increment(ref _version);
        }
    }

    /// <summary>
    /// Stops serving one RPC of one provider id; returns <see langword="false"/> if it was not registered here. A
    /// provider left without RPCs is withdrawn (returned in <paramref name="withdrawn"/>), which frees its key for a
    /// new registration.
    /// </summary>
    public bool RemoveRpc(string rpcName, ushort providerId, out ProviderRegistration? withdrawn)
    {
        withdrawn = null;
        lock (_gate)
        {
            foreach (var registration in _byKey.Values)
            {
                if (registration.ProviderId == providerId && registration.RemoveMethod(rpcName))
                {
                    if (registration.Methods.Count == 0)
                    {
                        _byKey = _byKey.Remove(registration.GrainKey);
                        withdrawn = registration;
                    }

                    Interlocked.Increment(ref _version);
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Withdraws a whole provider, whatever RPCs it has left; <see langword="false"/> if it is not registered here.</summary>
    public bool TryRemove(string grainKey, [NotNullWhen(true)] out ProviderRegistration? removed)
    {
        lock (_gate)
        {
            if (!_byKey.TryGetValue(grainKey, out removed))
            {
                return false;
            }

            _byKey = _byKey.Remove(grainKey);
            Interlocked.Increment(ref _version);
            return true;
        }
    }

    public bool TryGet(string grainKey, [NotNullWhen(true)] out ProviderRegistration? registration) =>
        _byKey.TryGetValue(grainKey, out registration);

    /// <summary>Finds the registration serving <paramref name="rpcName"/>, under <paramref name="providerId"/> if given.</summary>
    public (ProviderRegistration Registration, bool DisableResponse)? Find(string rpcName, ushort? providerId)
    {
        foreach (var registration in _byKey.Values)
        {
            if ((providerId is null || registration.ProviderId == providerId) && registration.Methods.TryGetValue(rpcName, out var method))
            {
                return (registration, method.Attribute.DisableResponse);
            }
        }

        return null;
    }

    /// <summary>What this silo serves, as other silos see it: virtual providers and claimed instance providers.</summary>
    public SiloRegistrations Snapshot(string siloKey, string engineAddress)
    {
        var version = Version;
        var records = _byKey.Values
            .Where(r => !r.IsInstance || r.Claimed)
            .OrderBy(r => r.GrainKey, StringComparer.Ordinal)
            .Select(r => r.ToRecord())
            .ToArray();
        return new SiloRegistrations(siloKey, engineAddress, version, records);
    }

    private static MargoException AlreadyExists(ProviderRegistration registration, string message) =>
        new(MargoErrorCode.AlreadyExists, message, providerId: registration.ProviderId);
}
