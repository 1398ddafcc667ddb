using MochiOrleans.Grains;

namespace MochiOrleans.Internal.Registry;

/// <summary>Where a resolved call goes: the provider grain (reference created once) and how to call it.</summary>
/// <param name="GrainKey">The provider grain key.</param>
/// <param name="Grain">The provider grain.</param>
/// <param name="DisableResponse">The server declared the RPC one-way: the dispatcher answers at once and posts the call.</param>
/// <param name="UsesHandle">The handler takes a <see cref="Handle"/>, so requests must name their caller.</param>
/// <param name="MethodIndex">The RPC's position in the provider's <see cref="MethodTable"/>.</param>
/// <param name="TableGeneration">That table's generation.</param>
internal sealed record RpcRoute(string GrainKey, IProviderGrain Grain, bool DisableResponse, bool UsesHandle, int MethodIndex, long TableGeneration);
