namespace MochiOrleans.Silo.Host.Configuration;

/// <summary>One entry of <c>Mochi:Host:Providers</c>: a provider the silo serves.</summary>
internal sealed class HostedProviderOptions
{
    /// <summary>The configuration key, under an entry, of the provider's own settings (instance providers only).</summary>
    public const string ConfigKey = "Config";

    /// <summary>The provider class, assembly-qualified: <c>Namespace.Type, Assembly</c>.</summary>
    public string? Type { get; set; }

    /// <summary>The provider id, 0..65534. Required.</summary>
    public int? ProviderId { get; set; }

    /// <summary>Overrides the service name of the class's <c>[Provider]</c> attribute.</summary>
    public string? ServiceName { get; set; }

    /// <summary>Virtual (default) or instance.</summary>
    public ProviderKind Kind { get; set; } = ProviderKind.Virtual;
}
