using MochiOrleans.Cluster.Tests.Infrastructure;
using MochiOrleans.Silo.Host;

namespace MochiOrleans.Cluster.Tests;

/// <summary>The silo host's telemetry export (docs/operations.md): Prometheus on the health port, OTLP configuration.</summary>
public sealed class SiloHostTelemetryTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task The_health_port_serves_the_rpc_duration_histograms_in_Prometheus_format_after_a_call()
    {
        await using var silo = SiloProcess.Start("metrics", new Dictionary<string, string>
        {
            ["Mochi__Host__ProviderPaths__0"] = Repository.ClusterProviders,
            ["Mochi__Host__Providers__0__Type"] = "ClusterProviders.NodeProvider,ClusterProviders",
            ["Mochi__Host__Providers__0__Kind"] = "Instance",
            ["Mochi__Host__Providers__0__ProviderId"] = "5",
            ["Mochi__Host__Providers__0__Config__Label"] = "metrics",
        });
        await silo.WaitUntilReadyAsync();
        await using var engine = await Engine.StartAsync("tcp", EngineMode.Client).WithDeadline();
        var address = await engine.LookupAsync(silo.EngineAddress).WithDeadline();
        await engine.Register("node_describe").On(address, 5).CallAsync<string>().WithDeadline();

        // The exporter caches a scrape briefly: ask until the call shows.
        var scrape = string.Empty;
        await Deadline.UntilAsync(
            async () =>
            {
                scrape = await Http.GetStringAsync(new Uri($"http://127.0.0.1:{silo.HealthPort}/metrics"));
                return scrape.Contains("mochi_rpc_server_duration", StringComparison.Ordinal);
            },
            "the scrape shows mochi_rpc_server_duration");

        var count = Assert.Single(scrape.Split('\n'), l => l.StartsWith("mochi_rpc_server_duration", StringComparison.Ordinal) && l.Contains("_count{", StringComparison.Ordinal));
        Assert.Contains("rpc_method=\"node_describe\"", count, StringComparison.Ordinal);
        Assert.Contains("mochi_provider_id=\"5\"", count, StringComparison.Ordinal);
        Assert.EndsWith(" 1", count.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_the_host_sends_the_server_span_of_a_call_to_the_collector()
    {
        var collectorPort = FreePorts.Take(1)[0];
        using var collector = new System.Net.HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{collectorPort}/");
        collector.Start();
        await using var silo = SiloProcess.Start("otlp", new Dictionary<string, string>
        {
            ["Mochi__Host__Telemetry__OtlpEndpoint"] = $"http://127.0.0.1:{collectorPort}",
            ["Mochi__Host__Telemetry__OtlpProtocol"] = "HttpProtobuf",
            ["Mochi__Host__ProviderPaths__0"] = Repository.ClusterProviders,
            ["Mochi__Host__Providers__0__Type"] = "ClusterProviders.NodeProvider,ClusterProviders",
            ["Mochi__Host__Providers__0__Kind"] = "Instance",
            ["Mochi__Host__Providers__0__ProviderId"] = "5",
            ["Mochi__Host__Providers__0__Config__Label"] = "otlp",
        });
        await silo.WaitUntilReadyAsync();
        await using var engine = await Engine.StartAsync("tcp", EngineMode.Client).WithDeadline();
        var address = await engine.LookupAsync(silo.EngineAddress).WithDeadline();
        await engine.Register("node_describe").On(address, 5).CallAsync<string>().WithDeadline();

        // The batch exporter sends every few seconds; spans arrive as protobuf, whose strings are plain UTF-8.
        var received = false;
        for (var posts = 0; !received && posts < 20; posts++)
        {
            var context = await collector.GetContextAsync().WithDeadline();
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var text = System.Text.Encoding.UTF8.GetString(body.ToArray());
            received = context.Request.Url!.AbsolutePath == "/v1/traces"
                && text.Contains("node_describe", StringComparison.Ordinal)
                && text.Contains("MochiOrleans", StringComparison.Ordinal)
                && text.Contains("rpc.method", StringComparison.Ordinal);
            context.Response.StatusCode = 200;
            context.Response.Close();
        }

        Assert.True(received, "No OTLP trace export carried the node_describe span.");
    }

    [Fact]
    public async Task An_OTLP_endpoint_that_is_not_an_http_url_stops_the_host_naming_the_key()
    {
        await using var silo = SiloProcess.Start("bad-otlp", new Dictionary<string, string>
        {
            ["Mochi__Host__Telemetry__OtlpEndpoint"] = "collector:4317",
        });

        Assert.Equal(SiloHost.InvalidConfigurationExitCode, await silo.WaitForExitAsync());
        Assert.Contains("Mochi:Host:Telemetry:OtlpEndpoint", silo.Log, StringComparison.Ordinal);
    }
}
