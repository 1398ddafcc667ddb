namespace MochiOrleans.Silo.Host.Configuration;

/// <summary>
/// The silo host's own settings, bound from the <c>Mochi:Host</c> configuration section (appsettings.json, then
/// environment variables such as <c>Mochi__Host__HealthPort</c>). What Orleans configures itself — cluster and service
/// ids, endpoints, clustering — comes from Orleans' <c>Orleans</c> section (<see cref="OrleansSection"/>), and in a
/// Kubernetes pod from the pod variables Orleans' Kubernetes hosting reads.
/// </summary>
internal sealed class SiloHostOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Mochi:Host";

    /// <summary>The subsection bound onto Orleans' <c>ClusterMembershipOptions</c> (failure detection).</summary>
    public const string MembershipKey = "Membership";

    /// <summary>
    /// The password of the membership store, kept apart from <c>Orleans:Clustering:ConnectionString</c> so that it can come from
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
    /// Listen on every address of the host rather than only the advertised one (true in containers): sets Orleans'
    /// silo and gateway listening endpoints, unless <c>Orleans:Endpoints</c> names them, and the health endpoint's.
    /// </summary>
    public bool ListenOnAnyHostAddress { get; set; }

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
