namespace MochiOrleans;

/// <summary>One parameter of a listed RPC.</summary>
/// <param name="Name">The parameter name, which keyword arguments use.</param>
/// <param name="Type">Its type as C# writes it (<c>int</c>, <c>List&lt;string&gt;</c>, <c>long?</c>).</param>
/// <param name="IsOptional">Whether a caller may leave it out.</param>
public sealed record RpcParameterInfo(string Name, string Type, bool IsOptional);
