namespace MochiOrleans.Grains;

/// <summary>Which provider grain serves an (RPC name, provider id) pair, as <see cref="IDispatchGrain.ResolveAsync"/> answers.</summary>
/// <param name="GrainKey">The provider grain key (<c>"service:providerId"</c>), or <see langword="null"/> with <paramref name="Error"/>.</param>
/// <param name="DisableResponse">Whether the server declared the RPC one-way.</param>
/// <param name="Error">Why the pair does not resolve, or <see langword="null"/>.</param>
/// <param name="UsesHandle">Whether the handler takes a <see cref="Handle"/>: only then must requests name their caller.</param>
[GenerateSerializer, Immutable, Alias("mochi.RpcResolution")]
internal sealed record RpcResolution(
    [property: Id(0)] string? GrainKey,
    [property: Id(1)] bool DisableResponse,
    [property: Id(2)] RpcError? Error,
    [property: Id(3)] bool UsesHandle = false);
