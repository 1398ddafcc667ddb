using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MochiOrleans.Grains;
using Microsoft.Extensions.Options;
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

    /// <param name="grains">The grain factory calls go through.</param>
    /// <param name="services">The services of the silo or client behind <paramref name="grains"/>.</param>
    /// <param name="ownedHost">The client host this connection opened and closes, if any.</param>
    /// <param name="responseTimeout">
    /// The Orleans response timeout configured there, the default deadline of calls; read from the client's
    /// <see cref="ClientMessagingOptions"/> if not given.
    /// </param>
    public ClusterConnection(IGrainFactory grains, IServiceProvider services, IHost? ownedHost = null, TimeSpan? responseTimeout = null)
    {
        Grains = grains;
        Services = services;
        _ownedHost = ownedHost;
        Dispatcher = grains.GetGrain<IDispatchGrain>(0);
        Directory = grains.GetGrain<IEngineDirectoryGrain>(0);
        Departures = new ProviderDepartureWatch(Dispatcher);
        Serializability = new SerializabilityCheck(services.GetRequiredService<ICodecProvider>());
        ResponseTimeout = responseTimeout
            ?? services.GetService<IOptions<ClientMessagingOptions>>()?.Value.ResponseTimeout
            ?? TimeSpan.FromSeconds(30);
    }

    public IGrainFactory Grains { get; }

    /// <summary>The services of the silo or client behind this connection.</summary>
    public IServiceProvider Services { get; }

    /// <summary>
    /// The response timeout Orleans is configured with here: what a call waits when neither it nor
    /// <see cref="EngineOptions.DefaultTimeout"/> says otherwise.
    /// </summary>
    public TimeSpan ResponseTimeout { get; }

    /// <summary>Ends calls whose provider's silo left the cluster while they were in flight.</summary>
    public ProviderDepartureWatch Departures { get; }

    /// <summary>Whether values can travel to this cluster: the codecs of this connection's serializer.</summary>
    public SerializabilityCheck Serializability { get; }

    public IDispatchGrain Dispatcher { get; }

    /// <summary>
    /// Resolves an (RPC name, provider id) through the dispatch grain once and remembers it, so that calls go straight
    /// to the provider grain. Failures are not remembered: a name registered later resolves on the next call.
    /// </summary>
    public async ValueTask<(ProviderRoute? Route, RpcError? Error)> ResolveAsync(string rpcName, ushort providerId, CancellationToken cancellationToken)
    {
        if (TryGetResolution(rpcName, providerId, out var cached))
        {
            return (cached, null);
        }

        var resolution = await Dispatcher.ResolveAsync(rpcName, providerId).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (resolution.GrainKey is null)
        {
            return (null, resolution.Error);
        }

        var route = new ProviderRoute(
            Grains.GetGrain<IProviderGrain>(resolution.GrainKey), resolution.DisableResponse, resolution.UsesHandle, resolution.MethodIndex, resolution.TableGeneration);
        _routes[(rpcName, providerId)] = route;
        return (route, null);
    }

    /// <summary>The resolution of an (RPC name, provider id) if <see cref="ResolveAsync"/> has made and kept one.</summary>
    public bool TryGetResolution(string rpcName, ushort providerId, [NotNullWhen(true)] out ProviderRoute? route) =>
        _routes.TryGetValue((rpcName, providerId), out route);

    /// <summary>Forgets a resolution that turned out stale (the provider deregistered, moved, or its silo left).</summary>
    public void Forget(string rpcName, ushort providerId, ProviderRoute route) =>
        _routes.TryRemove(new KeyValuePair<(string, ushort), ProviderRoute>((rpcName, providerId), route));

    public IEngineDirectoryGrain Directory { get; }

    /// <summary>Connects an Orleans client to the gateway at <paramref name="gateway"/>.</summary>
    /// <param name="gateway">The gateway endpoint.</param>
    /// <param name="options">The engine's options.</param>
    /// <param name="loggerFactory">
    /// The engine's caller's logger factory, or <see langword="null"/>: a library never picks a log provider, so without
    /// one the client logs nowhere (a console logger here once put Orleans' warnings on the CLI's stdout).
    /// </param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    public static async Task<ClusterConnection> ConnectAsync(IPEndPoint gateway, EngineOptions options, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(settings: null);
        if (loggerFactory is not null)
        {
            // Registered as an instance, so the client's container does not dispose the caller's factory.
            builder.Services.Replace(ServiceDescriptor.Singleton(loggerFactory));
        }

        builder.Services.AddSingleton<IClientConnectionRetryFilter, ConnectRetryFilter>();
        builder.Services.AddSingleton(options.Limits);
        // The engine's own options (TLS settings, the tokens it presents) rather than those AddMochi would bind from an
        // empty configuration.
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
        await Departures.DisposeAsync().ConfigureAwait(false);
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
