namespace MochiOrleans.Grains;

/// <summary>What one silo serves: the unit silos exchange to build their cluster-wide view of providers.</summary>
/// <param name="SiloKey">The silo's address, as the key of its <see cref="ISiloControlGrain"/>.</param>
/// <param name="EngineAddress">The address string of the silo's engine.</param>
/// <param name="Version">Grows with every change on that silo, so that an older snapshot never replaces a newer one.</param>
/// <param name="Providers">The providers registered there.</param>
[GenerateSerializer, Immutable, Alias("mochi.SiloRegistrations")]
internal sealed record SiloRegistrations(
    [property: Id(0)] string SiloKey,
    [property: Id(1)] string EngineAddress,
    [property: Id(2)] long Version,
    [property: Id(3)] ProviderRecord[] Providers);

/// <summary>One registered provider as other silos see it.</summary>
/// <param name="GrainKey">The provider grain key, <c>"service:providerId"</c>.</param>
/// <param name="ProviderId">The provider id.</param>
/// <param name="IsInstance">
/// <see langword="true"/> for an object registered on that silo (its grain lives there);
/// <see langword="false"/> for a virtual provider any silo may activate.
/// </param>
/// <param name="Rpcs">The RPCs it serves.</param>
[GenerateSerializer, Immutable, Alias("mochi.ProviderRecord")]
internal sealed record ProviderRecord(
    [property: Id(0)] string GrainKey,
    [property: Id(1)] ushort ProviderId,
    [property: Id(2)] bool IsInstance,
    [property: Id(3)] RpcRecord[] Rpcs);

/// <summary>One RPC of a registered provider.</summary>
/// <param name="Name">The full RPC name.</param>
/// <param name="DisableResponse">Whether the RPC is one-way on the server side.</param>
/// <param name="UsesHandle">Whether the handler takes a <see cref="Handle"/>, and so needs to know its caller.</param>
[GenerateSerializer, Immutable, Alias("mochi.RpcRecord")]
internal sealed record RpcRecord(
    [property: Id(0)] string Name,
    [property: Id(1)] bool DisableResponse,
    [property: Id(2)] bool UsesHandle);
