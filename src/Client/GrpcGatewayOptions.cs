namespace MochiOrleans;

/// <summary>
/// Whether and where a server engine serves the gRPC gateway (<c>protos/mochi_gateway.proto</c>) through which programs
/// in other languages (the Python package <c>mochi_orleans</c>) call the cluster: <see cref="EngineOptions.Gateway"/>,
/// bound from <c>Mochi:Gateway</c>. Off unless <see cref="Port"/> is set.
/// </summary>
/// <remarks>
/// Served by the silo host and by <c>Engine.StartAsync</c> server engines of applications that reference
/// MochiOrleans.Gateway (docs/python.md). The gateway uses the engine's TLS (<see cref="EngineOptions.TlsCaPath"/> and
/// the rest) and tokens (<see cref="EngineOptions.AccessToken"/>, <see cref="EngineOptions.AdminToken"/>). Client
/// engines serve none, but still refuse invalid values (a configuration shared with servers).
/// </remarks>
public sealed class GrpcGatewayOptions
{
    /// <summary>The default <see cref="ListenAddress"/>: loopback.</summary>
    public const string DefaultListenAddress = "127.0.0.1";

    /// <summary>
    /// The TCP port of the gateway (HTTP/2; TLS when <see cref="EngineOptions.TlsCaPath"/> is set), distinct from the
    /// engine's Orleans gateway and silo ports; <see langword="null"/> (default) serves no gateway.
    /// </summary>
    /// <remarks>A value outside 1..65535 is refused when the engine starts, naming <c>Mochi:Gateway:Port</c>.</remarks>
    public int? Port { get; set; }

    /// <summary>
    /// The IP address the gateway listens on. Default <c>127.0.0.1</c>: only programs on the engine's machine (a
    /// sidecar, a job on the same node) reach it unless a deployment opens it on purpose, e.g. <c>0.0.0.0</c> in a
    /// container.
    /// </summary>
    /// <remarks>A value that is not an IP address is refused when the engine starts, naming <c>Mochi:Gateway:ListenAddress</c>.</remarks>
    public string ListenAddress { get; set; } = DefaultListenAddress;
}
