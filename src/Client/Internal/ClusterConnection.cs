using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MochiOrleans.Grains;
using Orleans.Configuration;
using Orleans.Serialization.Serializers;

namespace MochiOrleans.Internal;

/// <summary>
/// One way into one Orleans cluster: the silo's own grain factory, a cluster client given to
/// <see cref="Engine.FromClusterClient(IClusterClient)"/>, or a client the engine connected itself to reach an address.
/// </summary>
internal sealed class ClusterConnection : IAsyncDisposable
{
    private readonly IHost? _ownedHost;
    private readonly ConcurrentDictionary<(string RpcName, ushort ProviderId), ProviderRoute> _routes = new();

    public ClusterConnection(IGrainFactory grains, IServiceProvider services, IHost? ownedHost = null)
    {
        Grains = grains;
        _ownedHost = ownedHost;
        Dispatcher = grains.GetGrain<IDispatchGrain>(0);
        Directory = grains.GetGrain<IEngineDirectoryGrain>(0);
        Serializability = new SerializabilityCheck(services.GetRequiredService<ICodecProvider>());
    }

    public IGrainFactory Grains { get; }

    /// <summary>Whether values can travel to this cluster: the codecs of this connection's serializer.</summary>
    public SerializabilityCheck Serializability { get; }

    public IDispatchGrain Dispatcher { get; }

    /// <summary>
    /// Resolves an (RPC name, provider id) through the dispatch grain once and remembers it, so that calls go straight
    /// to the provider grain. Failures are not remembered: a name registered later resolves on the next call.
    /// </summary>
    public async ValueTask<(ProviderRoute? Route, RpcError? Error)> ResolveAsync(string rpcName, ushort providerId, CancellationToken cancellationToken)
    {
        if (_routes.TryGetValue((rpcName, providerId), out var cached))
        {
            return (cached, null);
        }

        var resolution = await Dispatcher.ResolveAsync(rpcName, providerId).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (resolution.GrainKey is null)
        {
            return (null, resolution.Error);
        }

        var route = new ProviderRoute(Grains.GetGrain<IProviderGrain>(resolution.GrainKey), resolution.DisableResponse, resolution.UsesHandle);
        _routes[(rpcName, providerId)] = route;
        return (route, null);
    }

    /// <summary>Forgets a resolution that turned out stale (the provider deregistered, moved, or its silo left).</summary>
    public void Forget(string rpcName, ushort providerId, ProviderRoute route) =>
        _routes.TryRemove(new KeyValuePair<(string, ushort), ProviderRoute>((rpcName, providerId), route));

    public IEngineDirectoryGrain Directory { get; }

    /// <summary>Connects an Orleans client to the gateway at <paramref name="gateway"/>.</summary>
    public static async Task<ClusterConnection> ConnectAsync(IPEndPoint gateway, EngineOptions options, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(settings: null);
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IClientConnectionRetryFilter, ConnectRetryFilter>();
        // The engine's own options, TLS included, rather than those AddMochi would bind from an empty configuration.
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        builder.UseOrleansClient(client => client
            .UseStaticClustering(gateway)
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = options.ClusterId;
                o.ServiceId = options.ServiceId;
            })
            .AddMochi());
        var host = builder.Build();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.ConnectTimeout);
        try
        {
            await host.StartAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            await ((IAsyncDisposable)host).DisposeAsync().ConfigureAwait(false);
            if (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No gateway answered at {gateway} within {options.ConnectTimeout}.", exception);
            }

            throw;
        }

        return new ClusterConnection(host.Services.GetRequiredService<IClusterClient>(), host.Services, host);
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownedHost is null)
        {
            return;
        }

        try
        {
            await _ownedHost.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            _ownedHost.Dispose();
        }
    }
}
