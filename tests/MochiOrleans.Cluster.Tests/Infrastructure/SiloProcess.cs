using System.Globalization;
using MochiOrleans.Silo.Host.Health;

namespace MochiOrleans.Cluster.Tests.Infrastructure;

/// <summary>
/// A silo host process (<c>dotnet exec MochiOrleans.Silo.Host.dll</c>) on loopback ports of its own, in the environment
/// deploy/local-cluster.sh gives a silo: deploy/k8s/silo.env, then Orleans' keys for what a pod's downward API gives, and the local overrides.
/// Disposing kills it if it still runs.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly ChildProcess _process;

    private SiloProcess(string name, ChildProcess process, int gatewayPort, int healthPort, int dashboardPort)
    {
        Name = name;
        _process = process;
        GatewayPort = gatewayPort;
        HealthPort = healthPort;
        DashboardPort = dashboardPort;
    }

    public string Name { get; }

    public int GatewayPort { get; }

    public int HealthPort { get; }

    /// <summary>The port the dashboard listens on if <c>Mochi__Host__Dashboard__Enabled</c> is true (it is off by default).</summary>
    public int DashboardPort { get; }

    /// <summary>This silo's engine address.</summary>
    public string EngineAddress => "tcp://127.0.0.1:" + GatewayPort.ToString(CultureInfo.InvariantCulture);

    public IReadOnlyList<string> Lines => _process.Lines;

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts a silo of a Redis-clustered deployment, serving silo.env's providers and an instance provider
    /// <c>node</c> with id <paramref name="nodeProviderId"/> labelled <paramref name="name"/>.
    /// </summary>
    public static SiloProcess StartClustered(string name, string redis, string clusterId, ushort nodeProviderId, IReadOnlyDictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>(SiloEnvironmentFile.Read(), StringComparer.Ordinal)
        {
            ["Orleans__ClusterId"] = clusterId,
            ["Orleans__Name"] = name,
            ["Orleans__Endpoints__AdvertisedIPAddress"] = "127.0.0.1",
            ["Orleans__Clustering__ConnectionString"] = redis,
            ["Mochi__Host__ListenOnAnyHostAddress"] = "false",
            ["Mochi__Host__ProviderPaths__0"] = Repository.ClusterProviders,
            ["Mochi__Host__Providers__1__Type"] = "ClusterProviders.NodeProvider,ClusterProviders",
            ["Mochi__Host__Providers__1__Kind"] = "Instance",
            ["Mochi__Host__Providers__1__ProviderId"] = nodeProviderId.ToString(CultureInfo.InvariantCulture),
            ["Mochi__Host__Providers__1__Config__Label"] = name,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return Start(name, environment);
    }

    /// <summary>Starts the host with <paramref name="environment"/> on fresh loopback ports.</summary>
    public static SiloProcess Start(string name, IReadOnlyDictionary<string, string> environment)
    {
        var ports = FreePorts.Take(4);
        var withPorts = new Dictionary<string, string>(environment, StringComparer.Ordinal)
        {
            ["Orleans__Endpoints__SiloPort"] = ports[0].ToString(CultureInfo.InvariantCulture),
            ["Orleans__Endpoints__GatewayPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["Mochi__Host__HealthPort"] = ports[2].ToString(CultureInfo.InvariantCulture),
            ["Mochi__Host__Dashboard__Port"] = ports[3].ToString(CultureInfo.InvariantCulture),
            // deploy/k8s/silo.env pins the bulk data port for pods; silos sharing this machine each take a free one.
            ["Mochi__BulkChannelPort"] = "0",
        };
        return new SiloProcess(name, ChildProcess.StartAssembly(Repository.SiloHost, [], withPorts), ports[1], ports[2], ports[3]);
    }

    /// <summary>Waits until the silo's readiness endpoint answers 200 (an active member whose engine listens).</summary>
    public Task WaitUntilReadyAsync() =>
        Deadline.UntilAsync(
            async () => !_process.HasExited ? await IsReadyAsync() : throw new InvalidOperationException($"{Name} exited:\n{Log}"),
            $"{Name} was ready",
            TimeSpan.FromSeconds(60));

    public async Task<bool> IsReadyAsync() => await GetHealthAsync(HealthEndpoints.ReadyPath) == 200;

    /// <summary>GETs a health path; 0 if nothing answers.</summary>
    public async Task<int> GetHealthAsync(string path)
    {
        try
        {
            using var response = await Http.GetAsync(new Uri($"http://127.0.0.1:{HealthPort}{path}"));
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
        catch (TaskCanceledException)
        {
            return 0;
        }
    }

    public Task<string> WaitForLineAsync(string text, TimeSpan? deadline = null) => _process.WaitForLineAsync(text, deadline);

    /// <inheritdoc cref="ChildProcess.KillAsync"/>
    public Task KillAsync() => _process.KillAsync();

    /// <summary>Sends SIGTERM, as Kubernetes does when it deletes a pod.</summary>
    public Task TerminateAsync() => _process.SignalAsync("TERM");

    public Task<int> WaitForExitAsync(TimeSpan? deadline = null) => _process.WaitForExitAsync(deadline);

    public string Log => _process.Log;

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
