using System.Collections.Immutable;

namespace MochiOrleans.Internal.Registry;

/// <summary>Which silos may host a provider grain: the owner of an instance provider, or every silo with a virtual one.</summary>
/// <param name="IsInstance">Whether the provider is an instance living on its registering silo.</param>
/// <param name="SiloKeys">The silos that registered it.</param>
internal sealed record ProviderLocation(bool IsInstance, ImmutableArray<string> SiloKeys);
