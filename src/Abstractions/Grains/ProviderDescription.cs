namespace MochiOrleans.Grains;

/// <summary>One provider as the silo serving it describes it, the wire form of <c>ProviderInfo</c>.</summary>
/// <param name="ServiceName">Its service name, <c>""</c> for none.</param>
/// <param name="ProviderId">Its provider id.</param>
/// <param name="IsInstance"><see langword="true"/> for an object living on one silo, <see langword="false"/> for a virtual provider.</param>
/// <param name="Location">The engine address of the silo an instance provider lives on; <see langword="null"/> for a virtual one.</param>
/// <param name="Rpcs">Its RPCs, by name.</param>
[GenerateSerializer, Immutable, Alias("mochi.ProviderDescription")]
internal sealed record ProviderDescription(
    [property: Id(0)] string ServiceName,
    [property: Id(1)] ushort ProviderId,
    [property: Id(2)] bool IsInstance,
    [property: Id(3)] string? Location,
    [property: Id(4)] RpcDescription[] Rpcs);

/// <summary>One RPC of a described provider.</summary>
/// <param name="Name">The full RPC name.</param>
/// <param name="DisableResponse">Whether the RPC is one-way.</param>
/// <param name="Parameters">What callers pass, in order (the runtime-filled <c>Handle</c> and <c>CancellationToken</c> left out).</param>
/// <param name="ResponseType">The type of the response.</param>
[GenerateSerializer, Immutable, Alias("mochi.RpcDescription")]
internal sealed record RpcDescription(
    [property: Id(0)] string Name,
    [property: Id(1)] bool DisableResponse,
    [property: Id(2)] ParameterDescription[] Parameters,
    [property: Id(3)] string ResponseType);

/// <summary>One parameter of a described RPC.</summary>
/// <param name="Name">The parameter name, which keyword arguments use.</param>
/// <param name="Type">Its type, as C# writes it.</param>
/// <param name="IsOptional">Whether a caller may leave it out.</param>
[GenerateSerializer, Immutable, Alias("mochi.ParameterDescription")]
internal sealed record ParameterDescription(
    [property: Id(0)] string Name,
    [property: Id(1)] string Type,
    [property: Id(2)] bool IsOptional);
