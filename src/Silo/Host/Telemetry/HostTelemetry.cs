using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MochiOrleans.Silo.Host.Telemetry;

/// <summary>
/// Wires the <c>MochiOrleans</c> activity source and meter to OpenTelemetry exporters: OTLP when
/// <c>Mochi:Host:Telemetry:OtlpEndpoint</c> is set, Prometheus at <see cref="MetricsPath"/> on the health port unless
/// <c>Mochi:Host:Telemetry:Prometheus</c> is false.
/// </summary>
internal static class HostTelemetry
{
    /// <summary>The Prometheus scrape path.</summary>
    public const string MetricsPath = "/metrics";

    private const string SourceName = "MochiOrleans";

    /// <summary>Reads and checks <c>Mochi:Host:Telemetry</c> and registers the exporters it asks for.</summary>
    /// <exception cref="OptionsValidationException">A setting is invalid; the message names its key.</exception>
    public static HostTelemetryOptions AddHostTelemetry(this WebApplicationBuilder builder, string serviceInstanceId)
    {
        var options = new HostTelemetryOptions();
        var section = builder.Configuration.GetSection(HostTelemetryOptions.SectionName);
        var failures = new List<string>();
        try
        {
            section.Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException exception)
        {
            failures.Add($"{HostTelemetryOptions.SectionName}: {exception.Message}");
        }

        Uri? endpoint = null;
        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint)
            && (!Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https")))
        {
            failures.Add($"{Describe(nameof(HostTelemetryOptions.OtlpEndpoint))}: '{options.OtlpEndpoint}' is not an http:// or https:// URL.");
        }

        if (!Enum.TryParse<OtlpExportProtocol>(options.OtlpProtocol, ignoreCase: true, out var protocol) || !Enum.IsDefined(protocol))
        {
            failures.Add($"{Describe(nameof(HostTelemetryOptions.OtlpProtocol))}: '{options.OtlpProtocol}' is not Grpc or HttpProtobuf.");
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(HostTelemetryOptions.SectionName, typeof(HostTelemetryOptions), failures);
        }

        if (endpoint is null && !options.Prometheus)
        {
            // Nothing listens, so the engine's calls take their unobserved path.
            return options;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("mochi-silo", serviceInstanceId: serviceInstanceId))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(SourceName);
                if (options.Prometheus)
                {
                    metrics.AddPrometheusExporter();
                }

                if (endpoint is not null)
                {
                    metrics.AddOtlpExporter(otlp => Configure(otlp, endpoint, protocol, "metrics"));
                }
            });
        if (endpoint is not null)
        {
            // Spans only go to a collector: without one, nothing should make the engine record them.
            telemetry.WithTracing(tracing => tracing
                .AddSource(SourceName)
                .AddOtlpExporter(otlp => Configure(otlp, endpoint, protocol, "traces")));
        }

        return options;
    }

    /// <summary>Maps the Prometheus scrape endpoint if it is on.</summary>
    public static IEndpointRouteBuilder MapHostTelemetry(this IEndpointRouteBuilder endpoints, HostTelemetryOptions options)
    {
        if (options.Prometheus)
        {
            endpoints.MapPrometheusScrapingEndpoint(MetricsPath);
        }

        return endpoints;
    }

    private static void Configure(OtlpExporterOptions otlp, Uri endpoint, OtlpExportProtocol protocol, string signal)
    {
        // Over HTTP each signal has its own path; an endpoint set in code is used as given, so add it here (the SDK
        // adds it only to an endpoint from OTEL_EXPORTER_OTLP_ENDPOINT).
        otlp.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/v1/" + signal)
            : endpoint;
        otlp.Protocol = protocol;
    }

    private static string Describe(string setting)
    {
        var key = HostTelemetryOptions.SectionName + ":" + setting;
        return $"{key} (environment {key.Replace(":", "__", StringComparison.Ordinal)})";
    }
}
