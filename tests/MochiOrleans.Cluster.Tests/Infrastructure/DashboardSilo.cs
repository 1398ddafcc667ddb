namespace MochiOrleans.Cluster.Tests.Infrastructure;

/// <summary>
/// One silo host process with the dashboard enabled, shared by the dashboard tests, and a client engine connected to
/// it. It serves <c>echo</c> (virtual) as providers 1 and 2 and <c>node</c> (instance) as provider 5: tests that count
/// calls use provider 2, the background workloads 1 and 5.
/// </summary>
public sealed class DashboardSilo : IAsyncLifetime
{
    private SiloProcess? _silo;
    private Engine? _engine;

    internal SiloProcess Silo => _silo ?? throw new InvalidOperationException("Not started.");

    public Engine Engine => _engine ?? throw new InvalidOperationException("Not started.");

    public Address Address { get; private set; } = null!;

    /// <summary>The dashboard's root, where the Orleans Dashboard is.</summary>
    public Uri DashboardUri => new($"http://127.0.0.1:{Silo.DashboardPort}/");

    public async Task InitializeAsync()
    {
        _silo = SiloProcess.Start("dashboard", new Dictionary<string, string>
        {
            ["Mochi__Host__Dashboard__Enabled"] = "true",
            ["Mochi__Host__ProviderPaths__0"] = Repository.ClusterProviders,
            ["Mochi__Host__Providers__0__Type"] = "ClusterProviders.EchoProvider,ClusterProviders",
            ["Mochi__Host__Providers__0__ProviderId"] = "1",
            ["Mochi__Host__Providers__1__Type"] = "ClusterProviders.EchoProvider,ClusterProviders",
            ["Mochi__Host__Providers__1__ProviderId"] = "2",
            ["Mochi__Host__Providers__2__Type"] = "ClusterProviders.NodeProvider,ClusterProviders",
            ["Mochi__Host__Providers__2__Kind"] = "Instance",
            ["Mochi__Host__Providers__2__ProviderId"] = "5",
            ["Mochi__Host__Providers__2__Config__Label"] = "dashboard",
        });
        await _silo.WaitUntilReadyAsync();
        _engine = await Engine.StartAsync("tcp", EngineMode.Client).WithDeadline();
        Address = await _engine.LookupAsync(_silo.EngineAddress).WithDeadline();
    }

    public async Task DisposeAsync()
    {
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }

        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }
}
