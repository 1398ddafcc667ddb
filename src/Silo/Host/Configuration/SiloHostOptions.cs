namespace MochiOrleans.Silo.Host.Configuration;

/// <summary>
/// The silo host's settings, bound from the <c>Mochi:Host</c> configuration section (appsettings.json, then
/// environment variables such as <c>Mochi__Host__GatewayPort</c>, then the conventional variables of
/// <see cref="EnvironmentAliases"/>).
/// </summary>
internal sealed class SiloHostOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Mochi:Host";

    /// <summary>The subsection bound onto Orleans' <c>ClusterMembershipOptions</c> (failure detection).</summary>
    public const string MembershipKey = "Membership";

    /// <summary>Orleans cluster id; clients must use the same. Default <c>mochi</c>.</summary>
    public string ClusterId { get; set; } = "mochi";

    /// <summary>Orleans service id. Default <c>mochi</c>.</summary>
    public string ServiceId { get; set; } = "mochi";

    /// <summary>The silo's name (the pod name in Kubernetes); the machine name if unset.</summary>
    public string? SiloName { get; set; }

    /// <summary>Localhost (default) or Redis.</summary>
    public ClusteringKind Clustering { get; set; } = ClusteringKind.Localhost;

    /// <summary>The StackExchange.Redis connection string of the membership store, required with Redis clustering.</summary>
    public string? RedisConnectionString { get; set; }

    /// <summary>
    /// The password of the membership store, kept apart from <see cref="RedisConnectionString"/> so that it can come from
    /// a Kubernetes Secret while the connection string sits in a ConfigMap. Optional; only with Redis clustering, and
    /// not together with a <c>password=</c> in the connection string.
    /// </summary>
    public string? RedisPassword { get; set; }

    /// <summary>
    /// A PEM file of the CA that issued the membership store's certificate. When set, the silo talks to Redis over TLS
    /// only and accepts only a certificate chaining to this CA (StackExchange.Redis's <c>TrustIssuer</c>). Optional; only
    /// with Redis clustering.
    /// </summary>
    public string? RedisTlsCaPath { get; set; }

    /// <summary>
    /// The IP address other silos and clients reach this silo at (the pod IP in Kubernetes). Required with Redis
    /// clustering; 127.0.0.1 with localhost clustering if unset.
    /// </summary>
    public string? AdvertisedIP { get; set; }

    /// <summary>Listen on every address of the host rather than only the advertised one (true in containers).</summary>
    public bool ListenOnAnyHostAddress { get; set; }

    /// <summary>The port silos talk to each other on. Default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The gateway port clients connect to; engine addresses are <c>tcp://AdvertisedIP:GatewayPort</c>. Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The port of the HTTP health endpoints (<c>/healthz/live</c>, <c>/healthz/ready</c>). Default 8080.</summary>
    public int HealthPort { get; set; } = 8080;

    /// <summary>
    /// How long a graceful stop (SIGTERM, remote shutdown) may take, finalize hooks included; set as the Generic Host's
    /// <c>HostOptions.ShutdownTimeout</c>. Must exceed <c>Mochi:FinalizeCallbackTimeout</c>; Kubernetes'
    /// <c>terminationGracePeriodSeconds</c> must exceed it. Default 30 s.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Use Orleans' Kubernetes hosting: Auto (default; on inside a pod), Enabled or Disabled.</summary>
    public KubernetesHostingMode Kubernetes { get; set; } = KubernetesHostingMode.Auto;

    /// <summary>Assemblies (files) or directories of assemblies where provider types are looked for, besides the host's own.</summary>
    public IList<string> ProviderPaths { get; } = [];

    /// <summary>The providers this silo serves.</summary>
    public IList<HostedProviderOptions> Providers { get; } = [];
}
