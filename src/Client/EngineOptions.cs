using MochiOrleans.Internal;

namespace MochiOrleans;

/// <summary>
/// Settings of an engine. In a silo configured with <c>AddMochi</c> they are bound from the <c>Mochi</c>
/// configuration section; <c>Engine.StartAsync</c> takes them directly.
/// </summary>
/// <remarks>
/// Both paths check them before anything listens or connects: a zero or negative timeout, limit or port is refused with
/// a message naming its key, <c>Mochi:Property</c> (an <see cref="Microsoft.Extensions.Options.OptionsValidationException"/>
/// when the host starts, a <see cref="MargoException"/> with <see cref="MargoErrorCode.InvalidArgument"/> from
/// <c>Engine.StartAsync</c>).
/// </remarks>
public sealed class EngineOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Mochi";

    private long _maxPayloadBytes = ValueLimits.DefaultMaxPayloadBytes;
    private int _maxNestingDepth = ValueLimits.DefaultMaxNestingDepth;
    private ValueLimits? _limits;
    private string? _accessToken;
    private string? _adminToken;
    private GrpcGatewayOptions _gateway = new();

    /// <summary>
    /// The Orleans cluster id of clusters the engine starts or joins through an address. All engines that talk to each
    /// other by address must agree on it. Default <c>mochi</c>.
    /// </summary>
    public string ClusterId { get; set; } = "mochi";

    /// <summary>The Orleans service id, likewise shared. Default <c>mochi</c>.</summary>
    public string ServiceId { get; set; } = "mochi";

    /// <summary>
    /// Server mode: the port silos of the cluster use among themselves; 0 (default) picks a free port.
    /// The address given to <c>StartAsync</c> chooses the gateway port clients connect to.
    /// </summary>
    public int SiloPort { get; set; }

    /// <summary>
    /// How long a call may take (address resolution and connecting included) when <c>CallAsync</c> is given no timeout;
    /// <see langword="null"/> (default) uses the Orleans <c>ResponseTimeout</c> of the engine's silo or client (30 s
    /// unless configured). Any length is honoured; <see cref="Timeout.InfiniteTimeSpan"/> sets no deadline (Orleans still
    /// ends a call after ~24.8 days, the longest it can carry).
    /// </summary>
    public TimeSpan? DefaultTimeout { get; set; }

    /// <summary>
    /// How long one prefinalize or finalize callback (engine or provider) may run before shutdown goes on without it.
    /// Keep it, times the number of callbacks, below the host's shutdown timeout. Default 10 s.
    /// </summary>
    public TimeSpan FinalizeCallbackTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Server mode: send a failing handler's stack trace to callers in <see cref="MargoException.RemoteStackTrace"/>.
    /// Off by default, since stack traces reveal server internals.
    /// </summary>
    public bool IncludeRemoteStackTraces { get; set; }

    /// <summary>
    /// Server mode: let other engines finalize this one with <c>Address.ShutdownAsync</c>, as
    /// <c>Engine.EnableRemoteShutdown()</c> does. Off by default.
    /// </summary>
    public bool EnableRemoteShutdown { get; set; }

    /// <summary>
    /// The PEM file of the certificate this engine presents on TLS connections (a Kubernetes TLS secret's
    /// <c>tls.crt</c>). Required on a server when <see cref="TlsCaPath"/> is set; on a client, only for mutual TLS
    /// (<see cref="TlsRequireClientCertificate"/> on the server). A server's certificate must allow both server and
    /// client authentication (silos are both ends of silo-to-silo connections). Re-read for every new connection, so a
    /// replaced file takes effect without a restart (docs/security.md).
    /// </summary>
    public string? TlsCertificatePath { get; set; }

    /// <summary>
    /// The PEM file of the private key of <see cref="TlsCertificatePath"/> (<c>tls.key</c>), unencrypted;
    /// <see langword="null"/> when the key follows the certificate in its own file.
    /// </summary>
    public string? TlsKeyPath { get; set; }

    /// <summary>
    /// The PEM bundle of the CA certificates the cluster trusts (<c>ca.crt</c>). When set, TLS is on for every
    /// silo-to-silo and client-to-gateway connection of this engine, and a peer is accepted only if its certificate
    /// chains to one of these CAs (the system's trusted roots play no part); a plaintext or untrusted peer is refused.
    /// <see langword="null"/> (default): plaintext, as plain Orleans.
    /// </summary>
    public string? TlsCaPath { get; set; }

    /// <summary>
    /// Server mode, with <see cref="TlsCaPath"/>: the gateway also refuses clients that present no certificate
    /// (mutual TLS). Silos always require each other's certificate. Off by default: clients need only the CA bundle.
    /// </summary>
    public bool TlsRequireClientCertificate { get; set; }

    /// <summary>
    /// Server mode: let other engines deregister this engine's providers with <c>Address.DeregisterProviderAsync</c>, as
    /// <c>Engine.EnableRemoteProviderControl()</c> does. Off by default. Listing providers needs no consent.
    /// </summary>
    public bool EnableRemoteProviderControl { get; set; }

    /// <summary>
    /// Server mode: the gRPC gateway the engine serves to programs in other languages (<c>Mochi:Gateway:Port</c>,
    /// <c>Mochi:Gateway:ListenAddress</c>); none unless its port is set. Needs MochiOrleans.Gateway in the application.
    /// </summary>
    /// <exception cref="ArgumentNullException">Set to <see langword="null"/>.</exception>
    public GrpcGatewayOptions Gateway
    {
        get => _gateway;
        set => _gateway = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Moves bulk data (<c>Engine.TransferAsync</c>) over a dedicated data channel: server mode also runs the silo's
    /// data listener, which clients and other silos connect to with a single-use ticket obtained through an Orleans
    /// call (so behind the access token), under the same TLS as the engine's Orleans connections. Off: every transfer
    /// moves as Orleans messages, several times slower (docs/bulk.md). Default on.
    /// </summary>
    public bool EnableBulkChannel { get; set; } = true;

    /// <summary>
    /// Server mode: the port of the silo's bulk data listener, on the silo's advertised address (bound where the silo
    /// port is bound); 0 (default) picks a free port, which is handed out with every ticket. Pin it where only known
    /// ports are reachable (a Kubernetes pod's declared ports, a firewall).
    /// </summary>
    public int BulkChannelPort { get; set; }

    /// <summary>How long a bulk data channel ticket admits a connection after it was handed out.</summary>
    internal TimeSpan BulkChannelTicketLifetime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many connections the bulk data listener lets negotiate (TLS, then the ticket) at once; those beyond are closed
    /// at once, so that peers that never present a ticket cannot pile up sockets for a ticket lifetime each.
    /// </summary>
    internal int BulkChannelMaxHandshakes { get; set; } = 256;

    /// <summary>
    /// How long <c>LookupAsync</c> keeps trying to connect to an address before it reports
    /// <see cref="MargoErrorCode.Unreachable"/>. Default 10 s. A call that connects on first use stops waiting at its own
    /// deadline if that comes first (<see cref="MargoErrorCode.Timeout"/>).
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The largest argument set (or response) a call may carry, in bytes, counting every byte of every container at
    /// any depth; larger arguments fail with <see cref="MargoErrorCode.InvalidArgument"/> before anything is sent
    /// (a larger response with <see cref="MargoErrorCode.RemoteError"/>), and a silo refuses larger values that arrive
    /// from any client. Default 16 MiB; at most 48 MiB, so that no call ever reaches Orleans'
    /// <c>MessagingOptions.MaxMessageBodySize</c> (100 MiB), above which Orleans closes the whole connection.
    /// </summary>
    /// <remarks>
    /// A value outside 1 byte..48 MiB is refused when the engine starts (<c>Engine.StartAsync</c>, or the silo or client
    /// host of <c>AddMochi</c>), naming <c>Mochi:MaxPayloadBytes</c>.
    /// </remarks>
    public long MaxPayloadBytes
    {
        get => _maxPayloadBytes;
        set => _maxPayloadBytes = value;
    }

    /// <summary>
    /// How deeply lists, arrays, dictionaries, tuples and records may nest in an argument or response (a flat list is
    /// 1). Deeper arguments fail with <see cref="MargoErrorCode.InvalidArgument"/> before anything is serialized,
    /// deeper responses with <see cref="MargoErrorCode.RemoteError"/>, and a silo refuses deeper values from any
    /// client before deserializing them. Default 64; at most 1000, since Orleans' serializer recurses once per level.
    /// </summary>
    /// <remarks>
    /// A value outside 1..1000 is refused when the engine starts, naming <c>Mochi:MaxNestingDepth</c>.
    /// </remarks>
    public int MaxNestingDepth
    {
        get => _maxNestingDepth;
        set => _maxNestingDepth = value;
    }

    /// <summary>
    /// Server mode: every grain call from outside the cluster (clients, engines of other clusters) must present this
    /// token, else it fails with <see cref="MargoErrorCode.Permission"/>; calls between the silos of the cluster need
    /// none. Client mode (and a server engine calling other clusters): the token presented with every call.
    /// <see langword="null"/> (default) requires and presents none. Compared in constant time; never logged.
    /// </summary>
    /// <exception cref="ArgumentException">Set to an empty or blank string.</exception>
    public string? AccessToken
    {
        get => _accessToken;
        set => _accessToken = Token(value, nameof(AccessToken));
    }

    /// <summary>
    /// Server mode: additionally required (with <see cref="AccessToken"/>, if set) from callers outside the cluster for
    /// remote shutdown and remote provider control. Client mode: presented with those operations only.
    /// <see langword="null"/> (default) requires and presents none. Compared in constant time; never logged.
    /// </summary>
    /// <exception cref="ArgumentException">Set to an empty or blank string.</exception>
    public string? AdminToken
    {
        get => _adminToken;
        set => _adminToken = Token(value, nameof(AdminToken));
    }

    /// <summary>The value bounds as the envelope codec and the value checks use them.</summary>
    internal ValueLimits Limits => _limits is { } limits && limits.MaxNestingDepth == _maxNestingDepth && limits.MaxPayloadBytes == _maxPayloadBytes
        ? limits
        : _limits = new ValueLimits(_maxNestingDepth, _maxPayloadBytes);

    // A blank token (an unset environment variable bound as "") would silently mean "no token": refuse it instead.
    private static string? Token(string? value, string name) =>
        value is null || !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new ArgumentException($"{name} must not be empty; leave it unset for none.", name);
}
