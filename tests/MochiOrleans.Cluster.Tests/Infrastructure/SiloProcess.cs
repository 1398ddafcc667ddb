using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using MochiOrleans.Silo.Host.Health;

namespace MochiOrleans.Cluster.Tests.Infrastructure;

/// <summary>
/// A silo host process (<c>dotnet exec MochiOrleans.Silo.Host.dll</c>) on loopback ports of its own, in the environment
/// deploy/local-cluster.sh gives a silo: deploy/k8s/silo.env, the downward-API variables, and the local overrides.
/// Disposing kills it if it still runs.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private SiloProcess(string name, Process process, int gatewayPort, int healthPort)
    {
        Name = name;
        _process = process;
        GatewayPort = gatewayPort;
        HealthPort = healthPort;
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int GatewayPort { get; }

    public int HealthPort { get; }

    /// <summary>This silo's engine address.</summary>
    public string EngineAddress => "tcp://127.0.0.1:" + GatewayPort.ToString(CultureInfo.InvariantCulture);

    public IReadOnlyList<string> Lines => [.. _lines];

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts a silo of a Redis-clustered deployment, serving silo.env's providers and an instance provider
    /// <c>node</c> with id <paramref name="nodeProviderId"/> labelled <paramref name="name"/>.
    /// </summary>
    public static SiloProcess StartClustered(string name, string redis, string clusterId, ushort nodeProviderId, IReadOnlyDictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>(SiloEnvironmentFile.Read(), StringComparer.Ordinal)
        {
            ["ORLEANS_CLUSTER_ID"] = clusterId,
            ["POD_NAME"] = name,
            ["POD_IP"] = "127.0.0.1",
            ["POD_NAMESPACE"] = "tests",
            ["Mochi__Host__RedisConnectionString"] = redis,
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
        var ports = FreePorts.Take(3);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Repository.SiloHost);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["Mochi__Host__SiloPort"] = ports[0].ToString(CultureInfo.InvariantCulture);
        start.Environment["Mochi__Host__GatewayPort"] = ports[1].ToString(CultureInfo.InvariantCulture);
        start.Environment["Mochi__Host__HealthPort"] = ports[2].ToString(CultureInfo.InvariantCulture);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the silo host.");
        return new SiloProcess(name, process, ports[1], ports[2]);
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

    public async Task<string> WaitForLineAsync(string text, TimeSpan? deadline = null)
    {
        string? found = null;
        await Deadline.UntilAsync(
            () => (found = _lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal))) is not null || _process.HasExited,
            $"{Name} logged '{text}'",
            deadline);
        return found ?? _lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{Name} exited without logging '{text}':\n{Log}");
    }

    /// <summary>Kills the process at once (SIGKILL): nothing of it runs any more, as after <c>kill -9</c>.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WithDeadline();
    }

    /// <summary>Sends SIGTERM, as Kubernetes does when it deletes a pod.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync().WithDeadline();
    }

    public async Task<int> WaitForExitAsync(TimeSpan? deadline = null)
    {
        await _process.WaitForExitAsync().WithDeadline(deadline);
        return _process.ExitCode;
    }

    public string Log => string.Join('\n', _lines);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WithDeadline();
        }

        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }
    }
}
