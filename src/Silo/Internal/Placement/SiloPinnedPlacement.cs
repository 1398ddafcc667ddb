using Orleans.Placement;
using Orleans.Runtime;

namespace MochiOrleans.Internal.Placement;

/// <summary>Places a grain keyed by a silo address on exactly that silo, or nowhere if it is gone.</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("mochi.SiloPinnedPlacement")]
internal sealed class MochiSiloPinnedPlacement : PlacementStrategy;

/// <summary>Marks a grain class as placed by <see cref="SiloPinnedPlacementDirector"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class MochiSiloPinnedPlacementAttribute() : PlacementAttribute(new MochiSiloPinnedPlacement());
