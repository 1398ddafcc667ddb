namespace MochiOrleans.Internal.Registry;

/// <summary>What a call names: an RPC and a provider id (Margo resolves the same pair).</summary>
internal readonly record struct RpcKey(string Name, ushort ProviderId);
