namespace MochiOrleans.Gateway;

/// <summary>
/// Whether and where a silo serves the gRPC gateway (protos/mochi_gateway.proto), bound from
/// <c>Mochi:Host:Gateway</c> in the silo host. Off unless <see cref="Port"/> is set.
/// </summary>
internal sealed class MochiGatewayOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Mochi:Host:Gateway";

    /// <summary>The TCP port of the gateway (HTTP/2; TLS when <c>Mochi:TlsCaPath</c> is set); <see langword="null"/> (default) serves none.</summary>
    public int? Port { get; set; }

    /// <summary>
    /// The IP address the gateway listens on. Default <c>127.0.0.1</c>: only programs on the silo's machine (a sidecar,
    /// a job on the same node) reach it unless a deployment opens it on purpose, e.g. <c>0.0.0.0</c> in a container.
    /// </summary>
    public string ListenAddress { get; set; } = "127.0.0.1";
}
