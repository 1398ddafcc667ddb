using Orleans.Placement;
using Orleans.Runtime;

namespace MochiOrleans.Internal.Placement;

/// <summary>
/// Places provider grains: an instance provider on the silo that registered it, a virtual provider on the calling silo
/// when it has the registration (no extra hop), otherwise on a random silo that has it.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("mochi.ProviderPlacement")]
internal sealed class MochiProviderPlacement : PlacementStrategy;

/// <summary>Marks a grain class as placed by <see cref="ProviderPlacementDirector"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class MochiProviderPlacementAttribute() : PlacementAttribute(new MochiProviderPlacement());
