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
    /// Server mode: let other engines deregister this engine's providers with <c>Address.DeregisterProviderAsync</c>, as
    /// <c>Engine.EnableRemoteProviderControl()</c> does. Off by default. Listing providers needs no consent.
    /// </summary>
    public bool EnableRemoteProviderControl { get; set; }

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
