using Microsoft.Extensions.Configuration;

namespace MochiOrleans.Silo.Host.Configuration;

/// <summary>A validated <see cref="HostedProviderOptions"/> entry, its type loaded.</summary>
/// <param name="Type">The provider class.</param>
/// <param name="ProviderId">The provider id.</param>
/// <param name="ServiceName">The service name override, if any.</param>
/// <param name="Kind">Virtual or instance.</param>
/// <param name="Config">The entry's <c>Config</c> section (empty if none).</param>
internal sealed record HostedProvider(Type Type, ushort ProviderId, string? ServiceName, ProviderKind Kind, IConfigurationSection Config);
