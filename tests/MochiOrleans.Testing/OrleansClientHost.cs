using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace MochiOrleans.Testing;

/// <summary>
/// An Orleans client with MochiOrleans (the public <c>AddMochi</c> client extension) in a host of its own, as an
/// application would run one: started and stopped within deadlines, its <see cref="Engine"/> and
/// <see cref="IClusterClient"/> taken from its services.
/// </summary>
public sealed class OrleansClientHost : IAsyncDisposable
{
    private readonly IHost _host;

    private OrleansClientHost(IHost host) => _host = host;

    /// <summary>The host's services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>The client-mode engine <c>AddMochi</c> registered.</summary>
    public Engine Engine => Services.GetRequiredService<Engine>();

    /// <summary>The Orleans client, for typed grain calls beside the engine's.</summary>
    public IClusterClient Client => Services.GetRequiredService<IClusterClient>();

    /// <summary>Starts a client of the cluster whose gateway listens at <paramref name="gateway"/>.</summary>
    /// <inheritdoc cref="StartAsync(string, string, Action{IClientBuilder}, Action{HostApplicationBuilder}?, CancellationToken)"/>
    public static Task<OrleansClientHost> StartAsync(
        IPEndPoint gateway,
        string clusterId,
        string serviceId,
        Action<IClientBuilder>? configure = null,
        Action<HostApplicationBuilder>? host = null,
        CancellationToken cancellationToken = default) =>
        StartAsync(
            clusterId,
            serviceId,
            client =>
            {
                client.UseStaticClustering(gateway);
                configure?.Invoke(client);
            },
            host,
            cancellationToken);

    /// <summary>Starts a client of the cluster <paramref name="clusterId"/>; fails if it has not connected within <see cref="Deadline.Default"/>.</summary>
    /// <param name="clusterId">The cluster's <see cref="ClusterOptions.ClusterId"/>.</param>
    /// <param name="serviceId">The cluster's <see cref="ClusterOptions.ServiceId"/>.</param>
    /// <param name="configure">Clustering (how the client finds the gateways) and any other client setting.</param>
    /// <param name="host">Host settings: configuration, logging (none by default, warnings and above once a provider is added).</param>
    /// <param name="cancellationToken">Abandons the start.</param>
    public static async Task<OrleansClientHost> StartAsync(
        string clusterId,
        string serviceId,
        Action<IClientBuilder> configure,
        Action<HostApplicationBuilder>? host = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = Host.CreateEmptyApplicationBuilder(settings: null);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        host?.Invoke(builder);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (clusterId, serviceId)).AddMochi();
            configure(client);
        });
        var built = builder.Build();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Deadline.Default);
        try
        {
            await built.StartAsync(deadline.Token).WithDeadline(Deadline.Default + TimeSpan.FromSeconds(5));
        }
        catch
        {
            await ((IAsyncDisposable)built).DisposeAsync().WithDeadline();
            throw;
        }

        return new OrleansClientHost(built);
    }

    /// <summary>Stops the client (within <see cref="Deadline.Default"/>) and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            using var deadline = new CancellationTokenSource(Deadline.Default);
            await _host.StopAsync(deadline.Token).WithDeadline(Deadline.Default + TimeSpan.FromSeconds(5));
        }
        finally
        {
            await ((IAsyncDisposable)_host).DisposeAsync().WithDeadline();
        }
    }
}
