namespace MochiOrleans.Grains;

/// <summary>Which provider grain serves an (RPC name, provider id) pair, as <see cref="IDispatchGrain.ResolveAsync"/> answers.</summary>
/// <param name="GrainKey">The provider grain key (<c>"service:providerId"</c>), or <see langword="null"/> with <paramref name="Error"/>.</param>
/// <param name="DisableResponse">Whether the server declared the RPC one-way.</param>
/// <param name="Error">Why the pair does not resolve, or <see langword="null"/>.</param>
/// <param name="UsesHandle">Whether the handler takes a <see cref="Handle"/>: only then must requests name their caller.</param>
/// <param name="MethodIndex">
/// The RPC's position in the provider's method table, which requests then carry instead of the name; -1 for none
/// (requests name the RPC).
/// </param>
/// <param name="TableGeneration">The generation of that table: a request naming another generation is answered NoEntry.</param>
[GenerateSerializer, Immutable, Alias("mochi.RpcResolution")]
internal sealed record RpcResolution(
    [property: Id(0)] string? GrainKey,
    [property: Id(1)] bool DisableResponse,
    [property: Id(2)] RpcError? Error,
    [property: Id(3)] bool UsesHandle = false,
    [property: Id(4)] int MethodIndex = -1,
    [property: Id(5)] long TableGeneration = 0);
