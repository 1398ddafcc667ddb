namespace MochiOrleans.Grains;

/// <summary>
/// A <see cref="Bulk"/> on the wire: where its memory lives and how to reach it, never its bytes.
/// </summary>
/// <param name="Id">The bulk's 128-bit random id: knowing it is what lets one transfer to or from the bulk.</param>
/// <param name="Size">The number of bytes exposed.</param>
/// <param name="Mode">What others may do with them.</param>
/// <param name="Owner">The address string of the engine that exposes it.</param>
/// <param name="SiloKey">For a server engine's bulk: the key of its silo's <see cref="IBulkGrain"/>.</param>
/// <param name="Observer">For a client engine's bulk: the observer it registered on the connection the descriptor went through.</param>
[GenerateSerializer, Immutable, Alias("mochi.BulkDescriptor")]
internal readonly record struct BulkDescriptor(
    [property: Id(0)] Guid Id,
    [property: Id(1)] long Size,
    [property: Id(2)] BulkMode Mode,
    [property: Id(3)] string Owner,
    [property: Id(4)] string? SiloKey,
    [property: Id(5)] IBulkObserver? Observer);
