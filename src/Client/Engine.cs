using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MochiOrleans.Internal;
using MochiOrleans.Internal.Tls;
using MochiOrleans.Internal.Transfers;

namespace MochiOrleans;

/// <summary>
/// A Mochi engine on Orleans: in server mode it hosts a silo whose providers serve RPCs; in either mode it calls RPCs
/// by name on any engine's <see cref="MochiOrleans.Address"/>.
/// </summary>
/// <remarks>
/// <para>A server engine is the silo's own: <see cref="StartAsync(string, EngineMode, EngineOptions?, CancellationToken)"/> starts an embedded silo (localhost clustering
/// unless configured otherwise), and a silo configured with <c>AddMochi</c> has its engine as a DI singleton.</para>
/// <para>A client engine connects lazily: the first <see cref="LookupAsync"/> of an address opens an Orleans client
/// to that address's gateway. <see cref="FromClusterClient(IClusterClient)"/> wraps a client you already have.</para>
/// </remarks>
public sealed partial class Engine : IAsyncDisposable, IAddressScope
{
    private static readonly TimeSpan DefaultOrleansResponseTimeout = TimeSpan.FromSeconds(30);

    private readonly IEngineServer? _server;
    private readonly EngineOptions _options;
    private readonly ConnectionPool _connections;
    private readonly AddressRouter _router;
    private readonly ClientLifecycle _lifecycle;
    private readonly ConcurrentDictionary<string, RemoteFunction> _functions = new(StringComparer.Ordinal);
    private readonly Lazy<Address> _address;
    private readonly BulkRegistry _bulks;

    internal Engine(
        EngineMode mode, IEngineServer? server, ClusterConnection? home, EngineOptions options, ILogger? logger = null, MochiTelemetry? telemetry = null,
        ILoggerFactory? loggerFactory = null)
    {
        Telemetry = telemetry ?? MochiTelemetry.Shared;
        Mode = mode;
        _server = server;
        _options = options;
        logger ??= loggerFactory?.CreateLogger<Engine>() ?? NullLogger<Engine>.Instance;
        _connections = new ConnectionPool(home, options, logger, loggerFactory);
        _router = new AddressRouter(_connections, logger);
        _lifecycle = new ClientLifecycle(options, logger);
        DefaultCallTimeout = options.DefaultTimeout ?? home?.ResponseTimeout ?? DefaultOrleansResponseTimeout;
        _address = new Lazy<Address>(() => new Address(server?.Address ?? $"client://{Guid.NewGuid():N}", this));
        // The channel's TLS is the engine's own: the silo's or the Orleans client's EngineTls when there is one.
        var tls = home?.Services.GetService(typeof(EngineTls)) as EngineTls
            ?? new EngineTls(options, loggerFactory?.CreateLogger<EngineTls>() ?? NullLogger<EngineTls>.Instance);
        var dialer = new BulkChannelDialer(tls);
        BulkChannels = new BulkChannels(dialer, options.EnableBulkChannel ? server?.BulkChannel : null, options.EnableBulkChannel, logger);
        _bulks = new BulkRegistry(() => CallerAddress, server?.SiloKey, server is null ? null : home?.Grains, options.EnableBulkChannel ? dialer : null, DefaultCallTimeout);

        // Bulks stay exposed through prefinalize (whose callbacks may still transfer), as in Margo, and stop with the
        // connections (client) or the silo (server).
        server?.OnFinalize(() =>
        {
            _bulks.Close();
            return Task.CompletedTask;
        });
    }

    /// <summary>Whether this engine serves providers or only calls them.</summary>
    public EngineMode Mode { get; }

    /// <summary>
    /// In server mode, this silo's address (<c>tcp://ip:gatewayPort</c>); its string form is what clients pass to
    /// <see cref="LookupAsync"/>. A client engine has a <c>client://</c> address that identifies it to handlers but
    /// cannot be looked up.
    /// </summary>
    public Address Address => _address.Value;

    /// <summary>Whether the engine accepts RPCs: true for a server engine until it finalizes.</summary>
    public bool Listening => _server is { IsFinalizing: false } && !_lifecycle.IsClosed;

    internal string CallerAddress => Address.ToString();

    internal EngineOptions Options => _options;

    /// <summary>
    /// The deadline of a call given no timeout: <see cref="EngineOptions.DefaultTimeout"/>, else the Orleans response
    /// timeout configured on the engine's silo or client (30 s unless changed).
    /// </summary>
    internal TimeSpan DefaultCallTimeout { get; }

    internal AddressRouter Router => _router;

    /// <summary>Reused cancellation sources for the deadlines of calls nobody else can cancel.</summary>
    internal DeadlineSourcePool DeadlineSources { get; } = new();

    /// <summary>The cluster connections that are up, the home one first.</summary>
    internal IEnumerable<ClusterConnection> OpenConnections => _connections.Open;

    /// <summary>The bulks this engine exposes, served to other engines by its silo's bulk grain or its client observer.</summary>
    internal BulkRegistry Bulks => _bulks;

    /// <summary>This engine's bulk data channels: its dialer, its silo's listener, which path transfers took.</summary>
    internal BulkChannels BulkChannels { get; }

    internal MochiTelemetry Telemetry { get; }

    /// <summary>Starts an engine.</summary>
    /// <param name="address">
    /// <c>"tcp"</c> to listen on a free loopback port, or <c>"tcp://host:port"</c> to choose the gateway endpoint clients
    /// connect to. Ignored in client mode, apart from being checked.
    /// </param>
    /// <param name="mode">Server (hosts a silo; needs MochiOrleans.Silo) or client.</param>
    /// <param name="options">Cluster id, ports and timeouts; defaults if <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The started engine; dispose it to finalize.</returns>
    /// <exception cref="MargoException">
    /// <see cref="MargoErrorCode.InvalidArgument"/> for a malformed address, a zero or negative timeout, limit or port, or
    /// unusable TLS settings (each named by its key, <c>Mochi:Property</c>);
    /// <see cref="MargoErrorCode.ModeMismatch"/> for server mode without the silo runtime, or with
    /// <see cref="EngineOptions.Gateway"/>'s port set without MochiOrleans.Gateway (the gRPC gateway);
    /// <see cref="MargoErrorCode.AlreadyExists"/> when the gateway, silo or gRPC gateway port is already in use.
    /// </exception>
    public static Task<Engine> StartAsync(
        string address = "tcp",
        EngineMode mode = EngineMode.Server,
        EngineOptions? options = null,
        CancellationToken cancellationToken = default) =>
        StartAsync(address, mode, options, loggerFactory: null, cancellationToken);

    /// <inheritdoc cref="StartAsync(string, EngineMode, EngineOptions?, CancellationToken)"/>
    /// <param name="address">
    /// <c>"tcp"</c> to listen on a free loopback port, or <c>"tcp://host:port"</c> to choose the gateway endpoint clients
    /// connect to. Ignored in client mode, apart from being checked.
    /// </param>
    /// <param name="mode">Server (hosts a silo; needs MochiOrleans.Silo) or client.</param>
    /// <param name="options">Cluster id, ports and timeouts; defaults if <see langword="null"/>.</param>
    /// <param name="loggerFactory">
    /// Where the engine, its embedded silo and the Orleans clients it opens log; <see langword="null"/> logs nowhere. An
    /// engine never picks a log provider of its own; the factory stays the caller's and is not disposed.
    /// </param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    public static Task<Engine> StartAsync(
        string address,
        EngineMode mode,
        EngineOptions? options,
        ILoggerFactory? loggerFactory,
        CancellationToken cancellationToken)
    {
        if (!EngineAddressFormat.TryParse(address, out var host, out var port))
        {
            throw new MargoException(MargoErrorCode.InvalidArgument, $"'{address}' is not an engine address: use \"tcp\" or \"tcp://host:port\".");
        }

        options ??= new EngineOptions();
        EngineOptionsValidator.ThrowIfInvalid(options);
        TlsSettingsCheck.ThrowIfInvalid(options, mode);
        return mode == EngineMode.Server
            ? EmbeddedSiloLoader.Load().StartAsync(host, port, options, loggerFactory, cancellationToken)
            : Task.FromResult(new Engine(EngineMode.Client, server: null, home: null, options, loggerFactory: loggerFactory));
    }

    /// <summary>
    /// A client-mode engine over an Orleans client you already have (a <c>TestCluster</c>'s, or one from DI).
    /// Disposing the engine does not dispose the client.
    /// </summary>
    /// <param name="client">A started cluster client.</param>
    /// <returns>The engine.</returns>
    public static Engine FromClusterClient(IClusterClient client) => FromClusterClient(client, new EngineOptions());

    /// <inheritdoc cref="FromClusterClient(IClusterClient)"/>
    /// <param name="client">A started cluster client.</param>
    /// <param name="options">Timeouts and limits for the engine's calls.</param>
    public static Engine FromClusterClient(IClusterClient client, EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        return new Engine(
            EngineMode.Client,
            server: null,
            new ClusterConnection(client, client.ServiceProvider),
            options,
            telemetry: client.ServiceProvider.GetService(typeof(MochiTelemetry)) as MochiTelemetry,
            loggerFactory: client.ServiceProvider.GetService(typeof(ILoggerFactory)) as ILoggerFactory);
    }

    /// <summary>
    /// Registers a provider object: every <see cref="RemoteAttribute">[Remote]</see> method becomes an RPC served
    /// under <paramref name="providerId"/>, and its <see cref="OnPrefinalizeAttribute">[OnPrefinalize]</see> and
    /// <see cref="OnFinalizeAttribute">[OnFinalize]</see> methods run when this engine finalizes. The object stays in
    /// this process; its grain is placed on this silo and never idle-collected.
    /// </summary>
    /// <param name="provider">The provider object.</param>
    /// <param name="providerId">The provider id, 0..65534.</param>
    /// <param name="serviceName">Overrides the <see cref="ProviderAttribute"/> service name.</param>
    /// <returns>The registered RPCs by full name.</returns>
    /// <exception cref="MargoException">
    /// <see cref="MargoErrorCode.AlreadyExists"/> if the cluster already has that service and provider id;
    /// <see cref="MargoErrorCode.ModeMismatch"/> on a client engine.
    /// </exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "PyMargo's defaults, pinned by API.md; the parameter types tell the overloads apart.")]
    public IReadOnlyDictionary<string, RemoteFunction> RegisterProvider(object provider, ushort providerId = 0, string? serviceName = null) =>
        WaitSynchronously(() => RegisterProviderAsync(provider, providerId, serviceName));

    /// <summary>
    /// Registers a static class (or any type's static <see cref="RemoteAttribute">[Remote]</see> methods) as a provider:
    /// the tutorial's "module with global functions".
    /// </summary>
    /// <inheritdoc cref="RegisterProvider(object, ushort, string?)"/>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "PyMargo's defaults, pinned by API.md; the parameter types tell the overloads apart.")]
    public IReadOnlyDictionary<string, RemoteFunction> RegisterProvider(Type staticProviderType, ushort providerId = 0, string? serviceName = null) =>
        WaitSynchronously(() => RegisterProviderAsync(staticProviderType, providerId, serviceName));

    /// <inheritdoc cref="RegisterProvider(object, ushort, string?)"/>
    /// <param name="provider">The provider object.</param>
    /// <param name="providerId">The provider id, 0..65534.</param>
    /// <param name="serviceName">Overrides the <see cref="ProviderAttribute"/> service name.</param>
    /// <param name="cancellationToken">Cancels waiting for the cluster to confirm the registration.</param>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "PyMargo's defaults, pinned by API.md; the parameter types tell the overloads apart.")]
    public Task<IReadOnlyDictionary<string, RemoteFunction>> RegisterProviderAsync(
        object provider, ushort providerId = 0, string? serviceName = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return provider is Type type
            ? RegisterProviderAsync(type, providerId, serviceName, cancellationToken)
            : RegisterCoreAsync(provider, provider.GetType(), providerId, serviceName, cancellationToken);
    }

    /// <inheritdoc cref="RegisterProvider(Type, ushort, string?)"/>
    /// <param name="staticProviderType">The type whose static methods are the RPCs.</param>
    /// <param name="providerId">The provider id, 0..65534.</param>
    /// <param name="serviceName">Overrides the <see cref="ProviderAttribute"/> service name.</param>
    /// <param name="cancellationToken">Cancels waiting for the cluster to confirm the registration.</param>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "PyMargo's defaults, pinned by API.md; the parameter types tell the overloads apart.")]
    public Task<IReadOnlyDictionary<string, RemoteFunction>> RegisterProviderAsync(
        Type staticProviderType, ushort providerId = 0, string? serviceName = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(staticProviderType);
        return RegisterCoreAsync(null, staticProviderType, providerId, serviceName, cancellationToken);
    }

    /// <summary>Client-side registration (PyMargo's <c>engine.register(name)</c>): a function to call on any address.</summary>
    /// <param name="rpcName">The full RPC name, e.g. <c>my_service_say_hello</c>.</param>
    /// <param name="disableResponse">Send calls one-way: <c>CallAsync</c> completes once the request is handed off.</param>
    /// <returns>The function; <c>.On(address, providerId)</c> makes it callable.</returns>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "PyMargo's defaults, pinned by API.md; the parameter types tell the overloads apart.")]
    public RemoteFunction Register(string rpcName, bool disableResponse = false)
    {
        RpcNameRules.Validate(rpcName);
        ThrowIfClosed();
        var function = new RemoteFunction(this, rpcName, disableResponse, serverProviderId: null);
        _functions[rpcName] = function;
        return function;
    }

    /// <summary>Server-side registration of a single function under a full RPC name.</summary>
    /// <param name="rpcName">The full RPC name.</param>
    /// <param name="handler">
    /// The handler; its parameters bind like a <see cref="RemoteAttribute">[Remote]</see> method's (a <see cref="Handle"/>
    /// and a <see cref="CancellationToken"/> are filled by the runtime).
    /// </param>
    /// <param name="providerId">The provider id, 0..65534.</param>
    /// <returns>The registered function.</returns>
    /// <exception cref="MargoException">
    /// <see cref="MargoErrorCode.AlreadyExists"/> if the name is registered under that provider id;
    /// <see cref="MargoErrorCode.ModeMismatch"/> on a client engine.
    /// </exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "PyMargo's defaults, pinned by API.md; the parameter types tell the overloads apart.")]
    public RemoteFunction Register(string rpcName, Delegate handler, ushort providerId = 0)
    {
        RpcNameRules.Validate(rpcName);
        ArgumentNullException.ThrowIfNull(handler);
        var server = RequireServer(nameof(Register));
        var registered = WaitSynchronously(() => server.RegisterFunctionAsync(rpcName, handler, providerId, CancellationToken.None));
        return new RemoteFunction(this, registered.Name, registered.DisableResponse, registered.ProviderId);
    }

    /// <summary>Finds a registered function (PyMargo's <c>engine.registered(name)</c>).</summary>
    /// <param name="rpcName">The full RPC name.</param>
    /// <param name="providerId">Only a server registration under this provider id; <see langword="null"/> for any.</param>
    /// <returns>The function, or <see langword="null"/> if this engine has none by that name.</returns>
    public RemoteFunction? Registered(string rpcName, ushort? providerId = null)
    {
        ArgumentNullException.ThrowIfNull(rpcName);
        if (_server?.FindRegistered(rpcName, providerId) is { } registered)
        {
            return new RemoteFunction(this, registered.Name, registered.DisableResponse, registered.ProviderId);
        }

        return providerId is null && _functions.TryGetValue(rpcName, out var function) ? function : null;
    }

    /// <summary>Resolves an address string (what another engine's <see cref="Address"/> printed).</summary>
    /// <param name="address">An address such as <c>tcp://127.0.0.1:30000</c>; host names are resolved.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The address, ready to call and to shut down.</returns>
    /// <exception cref="MargoException">
    /// <see cref="MargoErrorCode.InvalidArgument"/> for a malformed address; <see cref="MargoErrorCode.Unreachable"/> when
    /// the host name does not resolve or no engine answers there; <see cref="MargoErrorCode.Permission"/> once the engine
    /// is finalizing, and from finalize callbacks and hooks.
    /// </exception>
    public Task<Address> LookupAsync(string address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        ThrowIfRefusing();
        return _router.LookupAsync(address, this, cancellationToken);
    }

    /// <summary>Lets other engines finalize this one with <see cref="MochiOrleans.Address.ShutdownAsync"/>.</summary>
    /// <exception cref="MargoException"><see cref="MargoErrorCode.ModeMismatch"/> on a client engine.</exception>
    public void EnableRemoteShutdown() => RequireServer(nameof(EnableRemoteShutdown)).EnableRemoteShutdown();

    /// <summary>
    /// Adds a callback that runs when the engine starts finalizing, while RPCs still flow both ways.
    /// Callbacks run newest first, once.
    /// </summary>
    /// <param name="callback">The callback.</param>
    public void OnPrefinalize(Func<Task> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (_server is null)
        {
            _lifecycle.OnPrefinalize(callback);
        }
        else
        {
            _server.OnPrefinalize(callback);
        }
    }

    /// <summary>
    /// Adds a callback that runs while the engine finalizes, after prefinalize callbacks and provider finalizers.
    /// RPCs sent from it fail with <see cref="MargoErrorCode.Permission"/>. Callbacks run newest first, once.
    /// </summary>
    /// <param name="callback">The callback.</param>
    public void OnFinalize(Func<Task> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (_server is null)
        {
            _lifecycle.OnFinalize(callback);
        }
        else
        {
            _server.OnFinalize(callback);
        }
    }

    /// <summary>
    /// Finalizes the engine: prefinalize callbacks, then (server) the silo stops and providers' finalizers run, then
    /// finalize callbacks. Safe to call more than once and concurrently with other shutdown paths. Called from a handler
    /// of this engine (Margo's "shutdown RPC"), it completes once prefinalize is over, so that the handler can respond;
    /// the rest runs after the handler returns (see docs/lifecycle.md).
    /// </summary>
    /// <param name="cancellationToken">Stops waiting; finalization itself goes on.</param>
    public Task FinalizeAsync(CancellationToken cancellationToken = default) =>
        _server is not null
            ? _server.FinalizeAsync(cancellationToken)
            : _lifecycle.FinalizeAsync(CloseAsync, cancellationToken);

    /// <summary>Completes when the engine has finalized, however that happened (call, remote shutdown, host stop).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task WaitForFinalizeAsync(CancellationToken cancellationToken = default) =>
        _server is not null
            ? _server.WaitForFinalizeAsync(cancellationToken)
            : _lifecycle.WaitForFinalizeAsync(cancellationToken);

    /// <summary>Finalizes the engine if it has not finalized yet, and closes the connections it opened.</summary>
    public async ValueTask DisposeAsync()
    {
        await FinalizeAsync().ConfigureAwait(false);
        _bulks.Close();
        _lifecycle.Close();
        await _connections.CloseAsync().ConfigureAwait(false);
        if (_server is not null)
        {
            await _server.ReleaseAsync().ConfigureAwait(false);
        }
    }

    Task IAddressScope.ShutdownAsync(Address address, CancellationToken cancellationToken)
    {
        ThrowIfRefusing();
        return _router.ShutdownAsync(address, cancellationToken);
    }

    /// <summary>
    /// Refuses new calls once the engine is finalizing, and calls from finalize callbacks and hooks, as Margo does.
    /// </summary>
    internal void ThrowIfCannotCall(string rpcName, ushort providerId)
    {
        if (IsRefusing)
        {
            throw new MargoException(
                MargoErrorCode.Permission,
                $"RPC '{rpcName}' refused: the calling engine is finalizing or finalized.",
                rpcName,
                providerId);
        }
    }

    internal void Deregister(RemoteFunction function)
    {
        if (function.ServerProviderId is { } providerId)
        {
            _server?.Deregister(function.Name, providerId);
        }
        else
        {
            _functions.TryRemove(new KeyValuePair<string, RemoteFunction>(function.Name, function));
        }
    }

    private async Task<IReadOnlyDictionary<string, RemoteFunction>> RegisterCoreAsync(
        object? instance, Type type, ushort providerId, string? serviceName, CancellationToken cancellationToken)
    {
        var server = RequireServer(nameof(RegisterProvider));
        var registered = await server.RegisterProviderAsync(instance, type, providerId, serviceName, cancellationToken).ConfigureAwait(false);
        return registered.ToDictionary(
            rpc => rpc.Name,
            rpc => new RemoteFunction(this, rpc.Name, rpc.DisableResponse, rpc.ProviderId),
            StringComparer.Ordinal);
    }

    private Task CloseAsync()
    {
        _bulks.Close();
        return _connections.CloseAsync();
    }

    internal bool IsRefusing => _lifecycle.IsClosed || _server is { IsFinalizing: true } || FinalizeScope.IsActive;

    // The pinned synchronous registration APIs must block (Margo's and PyMargo's are synchronous). They are also called
    // from handlers, that is on a provider grain's scheduler: running the work on the thread pool keeps it from
    // depending on the turn it blocks, which otherwise stalls until Orleans' 30 s response timeout.
    private static T WaitSynchronously<T>(Func<Task<T>> work) => Task.Run(work).GetAwaiter().GetResult();

    private IEngineServer RequireServer(string operation) =>
        _server ?? throw new MargoException(MargoErrorCode.ModeMismatch, $"{operation} needs a server-mode engine; this engine is a client.");

    private void ThrowIfClosed()
    {
        if (_lifecycle.IsClosed)
        {
            throw new MargoException(MargoErrorCode.Permission, "The engine has been finalized.");
        }
    }

    private void ThrowIfRefusing()
    {
        if (IsRefusing)
        {
            throw new MargoException(MargoErrorCode.Permission, "The engine is finalizing or finalized, or this runs in a finalize callback.");
        }
    }
}
