namespace MochiOrleans;

/// <summary>One RPC of a listed provider.</summary>
/// <param name="Name">The full RPC name callers use.</param>
/// <param name="DisableResponse">Whether the RPC is one-way: callers get no response.</param>
/// <param name="Parameters">What callers pass, in order; the runtime-filled <see cref="Handle"/> and <see cref="CancellationToken"/> are left out.</param>
/// <param name="ResponseType">
/// The response's type as C# writes it: <c>void</c> for none, <c>object</c> for a handler that responds through its
/// <see cref="Handle"/>.
/// </param>
public sealed record RpcInfo(string Name, bool DisableResponse, IReadOnlyList<RpcParameterInfo> Parameters, string ResponseType);
