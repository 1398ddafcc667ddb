namespace MochiOrleans;

/// <summary>
/// Settings of an engine. In a silo configured with <c>AddMochi</c> they are bound from the <c>Mochi</c>
/// configuration section; <c>Engine.StartAsync</c> takes them directly.
/// </summary>
public sealed class EngineOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Mochi";

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
    /// How long a call waits for its response when <c>CallAsync</c> is given no timeout;
    /// <see langword="null"/> (default) uses Orleans' response timeout (30 s).
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
    /// How long <c>LookupAsync</c> keeps trying to connect to an address before it reports
    /// <see cref="MargoErrorCode.Unreachable"/>. Default 10 s.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The largest argument set (or response) a call may carry, in bytes; larger calls fail with
    /// <see cref="MargoErrorCode.InvalidArgument"/> before anything is sent. Default 16 MiB. Keep it well below Orleans'
    /// <c>MessagingOptions.MaxMessageBodySize</c> (100 MB), above which Orleans closes the connection.
    /// </summary>
    public long MaxPayloadBytes { get; set; } = 16L * 1024 * 1024;
}
