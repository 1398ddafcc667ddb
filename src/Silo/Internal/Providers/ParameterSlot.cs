namespace MochiOrleans.Internal.Providers;

/// <summary>A parameter a caller fills, by position or by name.</summary>
/// <param name="Name">The parameter name, which keyword arguments use.</param>
/// <param name="Type">The parameter type arguments must convert to.</param>
/// <param name="Index">The parameter's position in the method's full parameter list.</param>
/// <param name="IsOptional">Whether a caller may leave it out.</param>
/// <param name="DefaultValue">The value used when a caller leaves it out.</param>
internal sealed record ParameterSlot(string Name, Type Type, int Index, bool IsOptional, object? DefaultValue);
