using MochiOrleans.Grains;
using Orleans.Runtime;

namespace MochiOrleans.Internal.Registry;

/// <summary>
/// Checks a snapshot another silo published before it enters this silo's view. Only silos of the cluster can publish
/// (see <c>ControlPlaneCallFilter</c>), so this is defence in depth against a faulty or mismatched peer: one bad
/// snapshot must not break the view (a key that does not parse would throw in every later membership sweep).
/// </summary>
internal static class SiloRegistrationsCheck
{
    /// <summary>Why <paramref name="registrations"/> cannot be taken in, or <see langword="null"/>.</summary>
    /// <param name="registrations">The published snapshot.</param>
    /// <param name="ownSiloKey">This silo's key: only this silo speaks for itself.</param>
    public static string? Problem(SiloRegistrations? registrations, string ownSiloKey)
    {
        if (registrations is null)
        {
            return "The snapshot is missing.";
        }

        if (registrations.SiloKey is not { } siloKey || !IsSiloKey(siloKey))
        {
            return "The snapshot's silo key is not a silo address.";
        }

        if (siloKey == ownSiloKey)
        {
            return "Another silo cannot publish this silo's registrations.";
        }

        if (!EngineAddressFormat.TryParse(registrations.EngineAddress, out _, out _))
        {
            return "The snapshot's engine address is not of the form tcp://host:port.";
        }

        // Versions count registration changes on their silo; a negative one cannot have been produced by a silo.
        if (registrations.Version < 0)
        {
            return "The snapshot's version is negative.";
        }

        if (registrations.Providers is null)
        {
            return "The snapshot has no provider list.";
        }

        foreach (var provider in registrations.Providers)
        {
            if (ProviderProblem(provider) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? ProviderProblem(ProviderRecord? provider)
    {
        if (provider?.GrainKey is not { } key || provider.Rpcs is null)
        {
            return "A provider record is incomplete.";
        }

        // The service part may be empty: a provider whose methods name no single service is keyed ":providerId".
        // Refusing that shape refused every later snapshot of the silo serving it.
        var separator = key.LastIndexOf(':');
        if (separator < 0 || key != ProviderRegistration.GrainKeyOf(key[..separator], provider.ProviderId))
        {
            return $"Provider record '{key}' has a grain key that is not 'service:providerId'.";
        }

        foreach (var rpc in provider.Rpcs)
        {
            if (rpc is null || RpcNameRules.Problem(rpc.Name) is not null)
            {
                return "A provider record names an invalid RPC.";
            }
        }

        return null;
    }

    private static bool IsSiloKey(string key)
    {
        try
        {
            return SiloIdentity.KeyOf(SiloAddress.FromParsableString(key)) == key;
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            return false;
        }
    }
}
