using MochiOrleans.Cluster.Tests.Infrastructure;
using MochiOrleans.Silo.Host;
using MochiOrleans.Silo.Host.Health;

namespace MochiOrleans.Cluster.Tests;

/// <summary>The silo host as a process on its own (localhost clustering): start, health, remote shutdown, bad configuration.</summary>
public sealed class SiloHostProcessTests
{
    [Fact]
    public async Task A_remote_shutdown_finalizes_the_engine_and_the_host_process_exits()
    {
        await using var silo = SiloProcess.Start("solo", new Dictionary<string, string>
        {
            ["Mochi__EnableRemoteShutdown"] = "true",
            ["Mochi__Host__ProviderPaths__0"] = Repository.ClusterProviders,
            ["Mochi__Host__Providers__0__Type"] = "ClusterProviders.NodeProvider,ClusterProviders",
            ["Mochi__Host__Providers__0__Kind"] = "Instance",
            ["Mochi__Host__Providers__0__ProviderId"] = "5",
            ["Mochi__Host__Providers__0__Config__Label"] = "solo",
        });
        await silo.WaitUntilReadyAsync();
        Assert.Equal(200, await silo.GetHealthAsync(HealthEndpoints.LivePath));

        await using var engine = await Engine.StartAsync("tcp", EngineMode.Client).WithDeadline();
        var address = await engine.LookupAsync(silo.EngineAddress).WithDeadline();
        Assert.StartsWith("solo@", await engine.Register("node_describe").On(address, 5).CallAsync<string>().WithDeadline());
        await address.ShutdownAsync().WithDeadline();

        Assert.Equal(0, await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains(silo.Lines, l => l.Contains("Provider node solo finalized.", StringComparison.Ordinal));
        Assert.Contains(silo.Lines, l => l.Contains("The engine has finalized; stopping the host.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invalid_configuration_stops_the_host_before_it_listens_naming_every_bad_key()
    {
        await using var silo = SiloProcess.Start("bad", new Dictionary<string, string>
        {
            ["Orleans__Clustering__ProviderType"] = "Redis",
            ["Orleans__Endpoints__AdvertisedIPAddress"] = "not-an-ip",
            ["Mochi__Host__ClusterId"] = "the old key",
            ["Mochi__Host__Providers__0__Type"] = "No.Such.Provider,NoSuchAssembly",
        });

        Assert.Equal(SiloHost.InvalidConfigurationExitCode, await silo.WaitForExitAsync());
        var log = silo.Log;
        Assert.Contains("Orleans:Clustering:ConnectionString (environment Orleans__Clustering__ConnectionString) is required", log, StringComparison.Ordinal);
        Assert.Contains("Orleans:Endpoints:AdvertisedIPAddress (environment Orleans__Endpoints__AdvertisedIPAddress): 'not-an-ip'", log, StringComparison.Ordinal);
        Assert.Contains("Mochi:Host:ClusterId is not a setting of the silo host any more: Orleans reads Orleans:ClusterId", log, StringComparison.Ordinal);
        Assert.Contains("Mochi:Host:Providers:0:ProviderId", log, StringComparison.Ordinal);
        Assert.Contains("Mochi:Host:Providers:0:Type", log, StringComparison.Ordinal);
        Assert.Equal(0, await silo.GetHealthAsync(HealthEndpoints.LivePath));
    }
}
