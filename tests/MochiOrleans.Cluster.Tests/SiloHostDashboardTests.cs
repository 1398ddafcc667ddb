using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using MochiOrleans.Cluster.Tests.Infrastructure;
using MochiOrleans.Silo.Host;

namespace MochiOrleans.Cluster.Tests;

/// <summary>
/// The silo host's opt-in dashboard (docs/operations.md, "Dashboard"): the Orleans Dashboard and the MochiOrleans
/// per-RPC page on a listener of their own, checked over HTTP and in headless Chromium.
/// </summary>
public sealed partial class SiloHostDashboardTests(DashboardSilo dashboard) : IClassFixture<DashboardSilo>
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task The_rpc_page_lists_each_rpc_with_its_calls_and_its_failures_by_Margo_error_code()
    {
        var echo = dashboard.Engine.Register("echo_echo").On(dashboard.Address, 2);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("hi", await echo.CallAsync<string>("hi").WithDeadline());
        }

        for (var i = 0; i < 2; i++)
        {
            // No argument where the provider needs one: the call fails as a value, a successful grain call to Orleans.
            var failure = await Assert.ThrowsAsync<MargoException>(() => echo.CallAsync<string>().WithDeadline());
            Assert.Equal(MargoErrorCode.InvalidArgument, failure.Code);
        }

        // Columns: RPC, provider, side, calls, calls/s, failed, failures by code, durations.
        List<string> cells = [];
        await Deadline.UntilAsync(
            async () =>
            {
                cells = Cells(Row(await GetAsync(dashboard.DashboardUri, "mochi"), "echo_echo", providerId: 2)).ToList();
                return cells.Count > 3 && cells[3] == "5";
            },
            "the page counts five echo_echo calls on provider 2");

        Assert.Equal(["echo_echo", "2", "server", "5"], cells[..4]);
        Assert.Equal(["2", "InvalidArgument 2"], cells[5..7]);
    }

    [Fact]
    public async Task The_dashboard_answers_on_its_own_port_and_not_on_the_health_port()
    {
        Assert.Contains("<title>Orleans Dashboard</title>", await GetAsync(dashboard.DashboardUri, string.Empty), StringComparison.Ordinal);
        Assert.Contains("<h1>MochiOrleans RPCs</h1>", await GetAsync(dashboard.DashboardUri, "mochi"), StringComparison.Ordinal);

        // The health port may listen on every address of a pod; the dashboard has no authentication.
        var health = new Uri($"http://127.0.0.1:{dashboard.Silo.HealthPort}/");
        foreach (var path in new[] { string.Empty, "mochi", "DashboardCounters", "Trace" })
        {
            using var response = await Http.GetAsync(new Uri(health, path));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using var ready = await Http.GetAsync(new Uri(health, "healthz/ready"));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Headless_Chromium_renders_the_rpc_page_and_the_Orleans_Dashboard_while_calls_run()
    {
        using var stop = new CancellationTokenSource();
        var workload = RunWorkloadAsync(stop.Token);
        try
        {
            var rpcPage = string.Empty;
            await Deadline.UntilAsync(
                async () =>
                {
                    rpcPage = await HeadlessChromium.DumpDomAsync(new Uri(dashboard.DashboardUri, "mochi"), TimeSpan.FromSeconds(2));
                    return rpcPage.Contains(">node_describe<", StringComparison.Ordinal) && rpcPage.Contains(">echo_echo<", StringComparison.Ordinal);
                },
                "Chromium shows node_describe and echo_echo on the rpc page",
                TimeSpan.FromSeconds(90));
            Assert.Contains("<table id=\"rpcs\">", rpcPage, StringComparison.Ordinal);

            // The Orleans Dashboard is a script-built page: its grain method statistics appear once its scripts ran
            // against this silo's API, and its profiler (switched on by the first query) has reported.
            var orleans = string.Empty;
            await Deadline.UntilAsync(
                async () =>
                {
                    orleans = await HeadlessChromium.DumpDomAsync(dashboard.DashboardUri, TimeSpan.FromSeconds(5));
                    return orleans.Contains("ProviderGrain", StringComparison.Ordinal);
                },
                "Chromium shows ProviderGrain on the Orleans Dashboard",
                TimeSpan.FromSeconds(120));
            Assert.Contains("InvokeAsync", orleans, StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
            await workload.WithDeadline();
        }
    }

    [Fact]
    public async Task The_dashboard_is_off_unless_enabled()
    {
        await using var silo = SiloProcess.Start("no-dashboard", new Dictionary<string, string>());
        await silo.WaitUntilReadyAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => Http.GetAsync(new Uri($"http://127.0.0.1:{silo.DashboardPort}/mochi")));
        Assert.DoesNotContain(silo.Lines, l => l.Contains("Dashboard enabled", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Port", "health", "Mochi:Host:Dashboard:Port and Mochi:Host:HealthPort are both")]
    [InlineData("Port", "0", "Mochi:Host:Dashboard:Port (environment Mochi__Host__Dashboard__Port): 0 is not a port")]
    [InlineData("Port", "taken", "Mochi:Host:Dashboard:Port (environment Mochi__Host__Dashboard__Port): Cannot listen on")]
    [InlineData("ListenAddress", "localhost", "Mochi:Host:Dashboard:ListenAddress (environment Mochi__Host__Dashboard__ListenAddress): 'localhost' is not an IP address")]
    [InlineData("Prot", "8081", "Mochi:Host:Dashboard:")]
    public void A_bad_dashboard_setting_stops_the_host_naming_its_key(string setting, string value, string expected)
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var ports = FreePorts.Take(4).Select(p => p.ToString(CultureInfo.InvariantCulture)).ToArray();
        value = value switch
        {
            "health" => ports[2],
            "taken" => ((IPEndPoint)taken.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture),
            _ => value,
        };

        var exception = Assert.Throws<OptionsValidationException>(() => SiloHost.Build(
            [],
            _ => null,
            configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Orleans:Endpoints:SiloPort"] = ports[0],
                ["Orleans:Endpoints:GatewayPort"] = ports[1],
                ["Mochi:Host:HealthPort"] = ports[2],
                ["Mochi:Host:Dashboard:Enabled"] = "true",
                ["Mochi:Host:Dashboard:Port"] = ports[3],
                ["Mochi:Host:Dashboard:" + setting] = value,
            })));

        Assert.Contains(exception.Failures, f => f.Contains(expected, StringComparison.Ordinal));
    }

    private async Task RunWorkloadAsync(CancellationToken cancellationToken)
    {
        var echo = dashboard.Engine.Register("echo_echo").On(dashboard.Address, 1);
        var node = dashboard.Engine.Register("node_describe").On(dashboard.Address, 5);
        while (!cancellationToken.IsCancellationRequested)
        {
            await echo.CallAsync<string>("load").WithDeadline();
            await node.CallAsync<string>().WithDeadline();

            // Leave the machine to the browser and the silo.
            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
        }
    }

    private static async Task<string> GetAsync(Uri root, string path)
    {
        using var response = await Http.GetAsync(new Uri(root, path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static string Row(string page, string rpc, int providerId) =>
        RowPattern().Matches(page).Select(m => m.Value)
            .FirstOrDefault(r => Cells(r).Take(3).SequenceEqual([rpc, providerId.ToString(CultureInfo.InvariantCulture), "server"]))
            ?? string.Empty;

    private static IEnumerable<string> Cells(string row) => CellPattern().Matches(row).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value));

    [GeneratedRegex("<tr class=\"[a-z]+\">.*?</tr>")]
    private static partial Regex RowPattern();

    [GeneratedRegex("<td[^>]*>(.*?)</td>")]
    private static partial Regex CellPattern();
}
