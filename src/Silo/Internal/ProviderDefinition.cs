namespace MochiOrleans.Internal;

/// <summary>A provider configured on the silo builder, registered when the silo's engine is built.</summary>
/// <param name="Type">The provider type.</param>
/// <param name="Instance">The object of an instance provider; <see langword="null"/> for a virtual one.</param>
/// <param name="ProviderId">The provider id.</param>
/// <param name="ServiceName">Overrides the <see cref="ProviderAttribute"/> service name.</param>
internal sealed record ProviderDefinition(Type Type, object? Instance, ushort ProviderId, string? ServiceName);
