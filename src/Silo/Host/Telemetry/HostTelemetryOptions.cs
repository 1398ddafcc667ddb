namespace MochiOrleans.Silo.Host.Telemetry;

/// <summary>
/// How the silo host exports the <c>MochiOrleans</c> activity source and meter (<c>Mochi:Host:Telemetry</c>).
/// </summary>
internal sealed class HostTelemetryOptions
{
    /// <summary>The subsection of <c>Mochi:Host</c> these options are bound from.</summary>
    public const string Key = "Telemetry";

    /// <summary>The full configuration section.</summary>
    public const string SectionName = "Mochi:Host:" + Key;

    /// <summary>
    /// The OTLP collector to send traces and metrics to, e.g. <c>http://otel-collector:4317</c>; nothing is sent when
    /// empty (the default).
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>The OTLP transport: <c>Grpc</c> (port 4317, the default) or <c>HttpProtobuf</c> (port 4318).</summary>
    public string OtlpProtocol { get; set; } = "Grpc";

    /// <summary>
    /// Serves the metrics in Prometheus text format at <c>/metrics</c> on the health port. On by default: a scrape
    /// endpoint is what a Kubernetes operator looks for, and it costs a histogram update per call (no spans).
    /// </summary>
    public bool Prometheus { get; set; } = true;
}
