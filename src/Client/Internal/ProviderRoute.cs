using MochiOrleans.Grains;

namespace MochiOrleans.Internal;

/// <summary>A resolved (RPC name, provider id): the provider grain to call and whether the server made the RPC one-way.</summary>
/// <param name="Grain">The provider grain.</param>
/// <param name="DisableResponse">The server declared the RPC one-way.</param>
/// <param name="UsesHandle">The handler takes a <see cref="Handle"/>, so requests carry the caller's address.</param>
internal sealed record ProviderRoute(IProviderGrain Grain, bool DisableResponse, bool UsesHandle);
