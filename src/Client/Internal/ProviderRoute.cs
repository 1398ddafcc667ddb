using MochiOrleans.Grains;

namespace MochiOrleans.Internal;

/// <summary>A resolved (RPC name, provider id): the provider grain to call and whether the server made the RPC one-way.</summary>
/// <param name="Grain">The provider grain.</param>
/// <param name="DisableResponse">The server declared the RPC one-way.</param>
/// <param name="UsesHandle">The handler takes a <see cref="Handle"/>, so requests carry the caller's address.</param>
/// <param name="MethodIndex">The RPC's position in the provider's method table, which requests carry instead of its name.</param>
/// <param name="TableGeneration">
/// The generation of that table; 0 when the resolving silo gave none (an older version), and requests then name the RPC.
/// </param>
internal sealed record ProviderRoute(IProviderGrain Grain, bool DisableResponse, bool UsesHandle, int MethodIndex, long TableGeneration)
{
    /// <summary>Whether requests may name the RPC by <see cref="MethodIndex"/>.</summary>
    public bool ByIndex => TableGeneration != 0 && MethodIndex >= 0;
}
