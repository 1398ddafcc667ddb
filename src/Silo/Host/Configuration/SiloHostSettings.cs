using System.Net;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using MochiOrleans.Silo.Host.Gateway;
using Orleans.Configuration;

namespace MochiOrleans.Silo.Host.Configuration;

/// <summary>
/// Everything the host composes a silo from, read and validated from configuration in one go: the first problem does
/// not hide the others, and nothing starts until all are fixed.
/// </summary>
internal sealed class SiloHostSettings
{
    /// <summary>Keys the host once read from <c>Mochi:Host</c> and Orleans now reads from its own section.</summary>
    private static readonly IReadOnlyDictionary<string, string> MovedKeys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["ClusterId"] = OrleansSection.ClusterId,
        ["ServiceId"] = OrleansSection.ServiceId,
        ["SiloName"] = OrleansSection.SiloName,
        ["Clustering"] = OrleansSection.ClusteringProviderType,
        ["RedisConnectionString"] = OrleansSection.ClusteringConnectionString,
        ["AdvertisedIP"] = OrleansSection.AdvertisedIPAddress,
        ["SiloPort"] = OrleansSection.SiloPort,
        ["GatewayPort"] = OrleansSection.GatewayPort,
    };

    private const string GatewaySection = $"{EngineOptions.SectionName}:{nameof(EngineOptions.Gateway)}";

    private const string BulkChannelPortKey = $"{EngineOptions.SectionName}:{nameof(EngineOptions.BulkChannelPort)}";

    private SiloHostSettings(SiloHostOptions options, IConfigurationSection membership, IReadOnlyList<HostedProvider> providers)
    {
        Options = options;
        Membership = membership;
        Providers = providers;
    }

    public SiloHostOptions Options { get; }

    /// <summary><c>Orleans:ClusterId</c>; in a pod, Orleans' Kubernetes hosting lets <c>ORLEANS_CLUSTER_ID</c> override it.</summary>
    public string ClusterId { get; private init; } = "";

    /// <summary><c>Orleans:ServiceId</c>; in a pod, <c>ORLEANS_SERVICE_ID</c> overrides it.</summary>
    public string ServiceId { get; private init; } = "";

    /// <summary><c>Orleans:Clustering:ProviderType</c>.</summary>
    public ClusteringKind Clustering { get; private init; }

    /// <summary><c>Orleans:Clustering:ConnectionString</c>, with Redis clustering.</summary>
    public string? RedisConnectionString { get; private init; }

    /// <summary>
    /// <c>Orleans:Endpoints:AdvertisedIPAddress</c> if set; else, with Kubernetes hosting, Orleans takes the pod's IP
    /// (<c>POD_IP</c>) and this is <see langword="null"/>; else loopback.
    /// </summary>
    public IPAddress? AdvertisedIP { get; private init; }

    /// <summary><c>Orleans:Endpoints:SiloPort</c>.</summary>
    public int SiloPort { get; private init; }

    /// <summary><c>Orleans:Endpoints:GatewayPort</c>.</summary>
    public int GatewayPort { get; private init; }

    /// <summary><c>Mochi:Gateway</c>: whether and where the silo serves the gRPC gateway, as server engines do.</summary>
    public GrpcGatewayOptions Gateway { get; private init; } = new();

    /// <summary>The address the silo, Orleans gateway and health endpoint listen on.</summary>
    public IPAddress ListenIP => Options.ListenOnAnyHostAddress || AdvertisedIP is null ? IPAddress.Any : AdvertisedIP;

    /// <summary>Whether Orleans' Kubernetes hosting is used (<c>UseKubernetesHosting</c>).</summary>
    public bool Kubernetes { get; private init; }

    /// <summary>Settings for Orleans' <see cref="ClusterMembershipOptions"/>; may not exist.</summary>
    public IConfigurationSection Membership { get; }

    public IReadOnlyList<HostedProvider> Providers { get; }

    /// <summary>
    /// The engine address of this silo, as clients look it up, for logs and telemetry; in a pod, with the pod IP that
    /// Orleans' Kubernetes hosting advertises.
    /// </summary>
    public string EngineAddress { get; private init; } = "";

    /// <summary>
    /// The membership store's StackExchange.Redis configuration: the connection string, with
    /// <see cref="SiloHostOptions.RedisPassword"/> and TLS to <see cref="SiloHostOptions.RedisTlsCaPath"/>'s CA if set.
    /// Only with Redis clustering.
    /// </summary>
    public StackExchange.Redis.ConfigurationOptions CreateRedisConfiguration()
    {
        var configuration = StackExchange.Redis.ConfigurationOptions.Parse(RedisConnectionString!);
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
    /// <param name="environment">
    /// Reads an environment variable: whether the process runs in a pod (<see cref="KubernetesHostingMode.Auto"/>), and
    /// there the pod IP Orleans' Kubernetes hosting will advertise (for <see cref="EngineAddress"/> only).
    /// </param>
    /// <exception cref="OptionsValidationException">The configuration is invalid; every failure names its key.</exception>
    public static SiloHostSettings Load(IConfiguration configuration, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var section = configuration.GetSection(SiloHostOptions.SectionName);
        var failures = new List<string>();
        foreach (var moved in section.GetChildren().Where(c => MovedKeys.ContainsKey(c.Key)))
        {
            failures.Add($"{moved.Path} is not a setting of the silo host any more: Orleans reads {MovedKeys[moved.Key]} (environment {ConfigurationKey.Variable(MovedKeys[moved.Key])}).");
        }

        MovedGatewayKeys(section.GetSection(HostGateway.MovedKey), failures);
        UnknownKeys(section, typeof(SiloHostOptions), failures, [SiloHostOptions.MembershipKey, Telemetry.HostTelemetryOptions.Key, Dashboard.HostDashboardOptions.Key, HostGateway.MovedKey, .. MovedKeys.Keys]);
        UnknownKeys(configuration.GetSection(GatewaySection), typeof(GrpcGatewayOptions), failures, []);
        for (var i = 0; i < section.GetSection(nameof(SiloHostOptions.Providers)).GetChildren().Count(); i++)
        {
            UnknownKeys(section.GetSection($"{nameof(SiloHostOptions.Providers)}:{i}"), typeof(HostedProviderOptions), failures, [HostedProviderOptions.ConfigKey]);
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

        var orleans = ReadOrleansSection(configuration, environment, options, engine.Gateway, failures);
        var resolver = new ProviderTypeResolver(options.ProviderPaths
            .Where(p => File.Exists(p) || Directory.Exists(p))
            .SelectMany(ProviderTypeResolver.FilesOf));
        var result = new SiloHostOptionsValidator(section, engine, resolver, orleans.Clustering, orleans.RedisConnectionString)
            .Validate(Microsoft.Extensions.Options.Options.DefaultName, options);
        failures.AddRange(MochiOrleans.Internal.EngineOptionsValidator.Failures(engine));
        failures.AddRange(MochiOrleans.Internal.Tls.TlsSettingsCheck.Validate(engine, EngineMode.Server));
        if (result.Failed || failures.Count > 0)
        {
            throw Invalid(failures.Concat(result.Failures ?? []));
        }

        var providers = options.Providers
            .Select((p, i) => new HostedProvider(
                resolver.Find(p.Type!, out _)!,
                (ushort)p.ProviderId!.Value,
                string.IsNullOrWhiteSpace(p.ServiceName) ? null : p.ServiceName,
                p.Kind,
                section.GetSection($"{nameof(SiloHostOptions.Providers)}:{i}:{HostedProviderOptions.ConfigKey}")))
            .ToList();
        return new SiloHostSettings(options, membership, providers)
        {
            ClusterId = orleans.ClusterId,
            ServiceId = orleans.ServiceId,
            Clustering = orleans.Clustering,
            RedisConnectionString = orleans.RedisConnectionString,
            AdvertisedIP = orleans.AdvertisedIP,
            SiloPort = orleans.SiloPort,
            GatewayPort = orleans.GatewayPort,
            Gateway = engine.Gateway,
            Kubernetes = orleans.Kubernetes,
            EngineAddress = orleans.EngineAddress,
        };
    }

    /// <summary>Reads and checks the keys of the <c>Orleans</c> section the host relies on, naming each key at fault.</summary>
    private static SiloHostSettings ReadOrleansSection(IConfiguration configuration, Func<string, string?> environment, SiloHostOptions options, GrpcGatewayOptions gateway, List<string> failures)
    {
        var clusterId = OrleansSection.Value(configuration, OrleansSection.ClusterId);
        var serviceId = OrleansSection.Value(configuration, OrleansSection.ServiceId);
        foreach (var (key, value) in new[] { (OrleansSection.ClusterId, clusterId), (OrleansSection.ServiceId, serviceId) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                failures.Add($"{ConfigurationKey.Describe(key)} must not be empty.");
            }
        }

        var clustering = OrleansSection.Clustering(configuration, failures);
        var kubernetes = options.Kubernetes switch
        {
            KubernetesHostingMode.Enabled => true,
            KubernetesHostingMode.Disabled => false,
            _ => !string.IsNullOrEmpty(environment(DeploymentEnvironment.KubernetesServiceHost)),
        };
        IPAddress? advertised = null;
        var advertisedText = configuration[OrleansSection.AdvertisedIPAddress];
        if (!string.IsNullOrWhiteSpace(advertisedText))
        {
            if (!IPAddress.TryParse(advertisedText, out advertised))
            {
                failures.Add($"{ConfigurationKey.Describe(OrleansSection.AdvertisedIPAddress)}: '{advertisedText}' is not an IP address.");
            }
            else if (advertised.Equals(IPAddress.Any) || advertised.Equals(IPAddress.IPv6Any))
            {
                failures.Add(
                    $"{ConfigurationKey.Describe(OrleansSection.AdvertisedIPAddress)}: '{advertisedText}' cannot be advertised; " +
                    $"set {ConfigurationKey.Host(nameof(SiloHostOptions.ListenOnAnyHostAddress))} to listen on every address.");
                advertised = null;
            }
        }
        else if (clustering == ClusteringKind.Redis && !kubernetes)
        {
            failures.Add(
                $"{ConfigurationKey.Describe(OrleansSection.AdvertisedIPAddress)} is required when {OrleansSection.ClusteringProviderType} is Redis " +
                "outside Kubernetes: other silos and clients reach this silo at that address (in a pod, Orleans' Kubernetes hosting advertises POD_IP).");
        }
        else if (!kubernetes)
        {
            // A silo of its own: only this machine needs to reach it.
            advertised = IPAddress.Loopback;
        }

        (string Key, int Port)[] ports =
        [
            (OrleansSection.SiloPort, OrleansSection.Port(configuration, OrleansSection.SiloPort, failures)),
            (OrleansSection.GatewayPort, OrleansSection.Port(configuration, OrleansSection.GatewayPort, failures)),
            (ConfigurationKey.Host(nameof(SiloHostOptions.HealthPort)), options.HealthPort),
            ($"{GatewaySection}:{nameof(GrpcGatewayOptions.Port)}", gateway.Port ?? 0),
            // A malformed value is the engine options validator's to report; here only a clash matters.
            (BulkChannelPortKey, int.TryParse(configuration[BulkChannelPortKey], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var bulk) ? bulk : 0),
        ];
        foreach (var clash in ports.Where(p => p.Port > 0).GroupBy(p => p.Port).Where(g => g.Count() > 1))
        {
            failures.Add($"{string.Join(" and ", clash.Select(p => p.Key))} are both {clash.Key}; each needs its own port.");
        }

        var address = advertised?.ToString() ?? environment(global::Orleans.Hosting.Kubernetes.KubernetesHostingOptions.PodIPEnvironmentVariable) ?? IPAddress.Loopback.ToString();
        return new SiloHostSettings(options, configuration.GetSection(SiloHostOptions.SectionName), [])
        {
            ClusterId = clusterId ?? "",
            ServiceId = serviceId ?? "",
            Clustering = clustering,
            RedisConnectionString = configuration[OrleansSection.ClusteringConnectionString],
            AdvertisedIP = advertised,
            SiloPort = ports[0].Port,
            GatewayPort = ports[1].Port,
            Kubernetes = kubernetes,
            EngineAddress = $"tcp://{address}:{ports[1].Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        };
    }

    /// <summary>
    /// The gateway's settings were the host's (<c>Mochi:Host:Gateway</c>) before server engines served it too: name the
    /// engine's key that replaces each, rather than ignore it and serve no gateway.
    /// </summary>
    private static void MovedGatewayKeys(IConfigurationSection moved, List<string> failures)
    {
        var children = moved.GetChildren().ToList();
        if (children.Count == 0 && moved.Value is not null)
        {
            children.Add(moved);
        }

        foreach (var child in children)
        {
            var key = child == moved || !typeof(GrpcGatewayOptions).GetProperties().Any(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase))
                ? $"{GatewaySection}:{nameof(GrpcGatewayOptions.Port)}"
                : $"{GatewaySection}:{child.Key}";
            failures.Add($"{child.Path} is not a setting of the silo host any more: the engine reads {ConfigurationKey.Describe(key)}, as server engines do.");
        }
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

    private static void UnknownKeys(IConfigurationSection section, Type type, List<string> failures, string[] alsoKnown)
    {
        var listed = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var known = listed.Concat(alsoKnown).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren().Where(c => !known.Contains(c.Key)))
        {
            failures.Add($"{child.Path} is not a setting of the silo host (known: {string.Join(", ", listed.Order(StringComparer.Ordinal))}).");
        }
    }

    private static OptionsValidationException Invalid(IEnumerable<string> failures) =>
        new(SiloHostOptions.SectionName, typeof(SiloHostOptions), failures);
}
