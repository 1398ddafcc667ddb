using System.Net;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace MochiOrleans.Silo.Host.Configuration;

/// <summary>
/// Everything the host composes a silo from, read and validated from configuration in one go: the first problem does
/// not hide the others, and nothing starts until all are fixed.
/// </summary>
internal sealed class SiloHostSettings
{
    private SiloHostSettings(
        SiloHostOptions options,
        IPAddress advertisedIP,
        bool kubernetes,
        IConfigurationSection membership,
        IReadOnlyList<HostedProvider> providers)
    {
        Options = options;
        AdvertisedIP = advertisedIP;
        Kubernetes = kubernetes;
        Membership = membership;
        Providers = providers;
    }

    public SiloHostOptions Options { get; }

    /// <summary>The address other silos and clients reach this silo at.</summary>
    public IPAddress AdvertisedIP { get; }

    /// <summary>The address the silo, gateway and health endpoint listen on.</summary>
    public IPAddress ListenIP => Options.ListenOnAnyHostAddress ? IPAddress.Any : AdvertisedIP;

    /// <summary>Whether Orleans' Kubernetes hosting is used.</summary>
    public bool Kubernetes { get; }

    /// <summary>Settings for Orleans' <see cref="ClusterMembershipOptions"/>; may not exist.</summary>
    public IConfigurationSection Membership { get; }

    public IReadOnlyList<HostedProvider> Providers { get; }

    /// <summary>The engine address of this silo, as clients look it up.</summary>
    public string EngineAddress => $"tcp://{AdvertisedIP}:{Options.GatewayPort}";

    /// <summary>
    /// The membership store's StackExchange.Redis configuration: the connection string, with
    /// <see cref="SiloHostOptions.RedisPassword"/> and TLS to <see cref="SiloHostOptions.RedisTlsCaPath"/>'s CA if set.
    /// Only with Redis clustering.
    /// </summary>
    public StackExchange.Redis.ConfigurationOptions CreateRedisConfiguration()
    {
        var configuration = StackExchange.Redis.ConfigurationOptions.Parse(Options.RedisConnectionString!);
        if (Options.RedisPassword is not null)
        {
            configuration.Password = Options.RedisPassword;
        }

        if (Options.RedisTlsCaPath is not null)
        {
            configuration.Ssl = true;
            configuration.TrustIssuer(Options.RedisTlsCaPath);
        }

        return configuration;
    }

    /// <summary>Reads and validates the settings.</summary>
    /// <param name="configuration">The application's configuration.</param>
    /// <param name="environment">Reads an environment variable (for <see cref="KubernetesHostingMode.Auto"/>).</param>
    /// <exception cref="OptionsValidationException">The configuration is invalid; every failure names its key.</exception>
    public static SiloHostSettings Load(IConfiguration configuration, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var section = configuration.GetSection(SiloHostOptions.SectionName);
        var failures = new List<string>();
        UnknownKeys(section, typeof(SiloHostOptions), failures, SiloHostOptions.MembershipKey, Telemetry.HostTelemetryOptions.Key, Gateway.HostGateway.Key);
        for (var i = 0; i < section.GetSection(nameof(SiloHostOptions.Providers)).GetChildren().Count(); i++)
        {
            UnknownKeys(section.GetSection($"{nameof(SiloHostOptions.Providers)}:{i}"), typeof(HostedProviderOptions), failures, HostedProviderOptions.ConfigKey);
        }

        var unbound = failures.Count;

        // The binder drops a list entry whose value does not convert (a ProviderId of "abc", a Kind of "Instanse")
        // without a word, which would leave a silo serving fewer providers than configured: bind each entry alone first.
        foreach (var entry in section.GetSection(nameof(SiloHostOptions.Providers)).GetChildren())
        {
            Bind(entry, new HostedProviderOptions(), failures, strict: false);
        }

        var options = Bind(section, new SiloHostOptions(), failures, strict: false);
        var engine = Bind(configuration.GetSection(EngineOptions.SectionName), new EngineOptions(), failures, strict: false);
        var membership = section.GetSection(SiloHostOptions.MembershipKey);
        Bind(membership, new ClusterMembershipOptions(), failures, strict: true);
        if (failures.Count > unbound)
        {
            // Values that do not even bind make further checks meaningless.
            throw Invalid(failures);
        }

        var resolver = new ProviderTypeResolver(options.ProviderPaths
            .Where(p => File.Exists(p) || Directory.Exists(p))
            .SelectMany(ProviderTypeResolver.FilesOf));
        var result = new SiloHostOptionsValidator(section, engine, resolver).Validate(Microsoft.Extensions.Options.Options.DefaultName, options);
        failures.AddRange(MochiOrleans.Internal.Tls.TlsSettingsCheck.Validate(engine, EngineMode.Server));
        if (result.Failed || failures.Count > 0)
        {
            throw Invalid(failures.Concat(result.Failures ?? []));
        }

        var kubernetes = options.Kubernetes switch
        {
            KubernetesHostingMode.Enabled => true,
            KubernetesHostingMode.Disabled => false,
            _ => !string.IsNullOrEmpty(environment(DeploymentEnvironment.KubernetesServiceHost)),
        };
        var advertised = string.IsNullOrWhiteSpace(options.AdvertisedIP) ? IPAddress.Loopback : IPAddress.Parse(options.AdvertisedIP);
        var providers = options.Providers
            .Select((p, i) => new HostedProvider(
                resolver.Find(p.Type!, out _)!,
                (ushort)p.ProviderId!.Value,
                string.IsNullOrWhiteSpace(p.ServiceName) ? null : p.ServiceName,
                p.Kind,
                section.GetSection($"{nameof(SiloHostOptions.Providers)}:{i}:{HostedProviderOptions.ConfigKey}")))
            .ToList();
        return new SiloHostSettings(options, advertised, kubernetes, membership, providers);
    }

    private static T Bind<T>(IConfigurationSection section, T target, List<string> failures, bool strict)
        where T : class
    {
        try
        {
            section.Bind(target, o => o.ErrorOnUnknownConfiguration = strict);
        }
        catch (InvalidOperationException exception)
        {
            // The binder names the key of a value it cannot convert, but only the property of an unknown one.
            failures.Add($"{section.Path}: {exception.Message}");
        }

        return target;
    }

    private static void UnknownKeys(IConfigurationSection section, Type type, List<string> failures, params string[] alsoKnown)
    {
        var known = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).Concat(alsoKnown).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren().Where(c => !known.Contains(c.Key)))
        {
            failures.Add($"{child.Path} is not a setting of the silo host (known: {string.Join(", ", known.Order(StringComparer.Ordinal))}).");
        }
    }

    private static OptionsValidationException Invalid(IEnumerable<string> failures) =>
        new(SiloHostOptions.SectionName, typeof(SiloHostOptions), failures);
}
