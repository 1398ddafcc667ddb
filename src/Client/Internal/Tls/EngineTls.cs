using Microsoft.Extensions.Logging;
using Orleans.Connections.Security;

namespace MochiOrleans.Internal.Tls;

/// <summary>
/// The TLS of one engine's connections, from its <see cref="EngineOptions"/>: the certificate it presents and the CA
/// its peers must chain to, turned into the <see cref="TlsOptions"/> of Orleans' TLS middleware for each kind of
/// connection. Certificates are chosen per connection through Orleans' selector callbacks, which is what lets a
/// certificate replaced on disk take effect without a restart.
/// </summary>
internal sealed class EngineTls
{
    private readonly PemCertificate? _certificate;
    private readonly PemTrustBundle? _authorities;

    /// <param name="options">The engine's options; TLS is off unless <see cref="EngineOptions.TlsCaPath"/> is set.</param>
    /// <param name="logger">Reports certificate reloads and refused peers.</param>
    public EngineTls(EngineOptions options, ILogger<EngineTls> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.TlsCaPath))
        {
            return;
        }

        _authorities = new PemTrustBundle(options.TlsCaPath, logger);
        if (!string.IsNullOrWhiteSpace(options.TlsCertificatePath))
        {
            _certificate = new PemCertificate(
                options.TlsCertificatePath,
                string.IsNullOrWhiteSpace(options.TlsKeyPath) ? null : options.TlsKeyPath,
                logger);
        }

        RequireClientCertificate = options.TlsRequireClientCertificate;
    }

    /// <summary>Whether connections use TLS at all (<see cref="EngineOptions.TlsCaPath"/> is set).</summary>
    public bool Enabled => _authorities is not null;

    /// <summary>Whether the gateway refuses clients that present no certificate (mutual TLS).</summary>
    public bool RequireClientCertificate { get; }

    /// <summary>
    /// The TLS of a connection this engine opens (a client to a gateway, a silo to another silo): the peer must present
    /// a server certificate that chains to the CA; this engine presents its certificate if it has one.
    /// </summary>
    public TlsOptions ForOutbound()
    {
        var authorities = RequireEnabled();
        var certificate = _certificate;
        return new TlsOptions
        {
            RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
            RemoteCertificateValidation = (peer, chain, _) => authorities.Accepts(peer, chain, PemTrustBundle.ServerAuthentication),
            LocalClientCertificateSelector = certificate is null ? null : (_, _, _, _, _) => certificate.Current,
        };
    }

    /// <summary>
    /// The TLS of a connection this silo accepts: it presents its certificate; a peer that presents one must chain to
    /// the CA, and one that presents none is refused when <paramref name="requireClientCertificate"/>.
    /// </summary>
    /// <param name="requireClientCertificate">
    /// True for the silo port (only silos connect there, and they always present their certificate), and for the
    /// gateway under <see cref="EngineOptions.TlsRequireClientCertificate"/>.
    /// </param>
    public TlsOptions ForInbound(bool requireClientCertificate)
    {
        var authorities = RequireEnabled();
        var certificate = _certificate
            ?? throw new InvalidOperationException($"A TLS server needs {EngineOptions.SectionName}:{nameof(EngineOptions.TlsCertificatePath)}.");
        return new TlsOptions
        {
            RemoteCertificateMode = requireClientCertificate ? RemoteCertificateMode.RequireCertificate : RemoteCertificateMode.AllowCertificate,
            RemoteCertificateValidation = (peer, chain, _) => authorities.Accepts(peer, chain, PemTrustBundle.ClientAuthentication),
            LocalServerCertificateSelector = (_, _) => certificate.Current,
        };
    }

    private PemTrustBundle RequireEnabled() =>
        _authorities ?? throw new InvalidOperationException($"TLS is off: {EngineOptions.SectionName}:{nameof(EngineOptions.TlsCaPath)} is not set.");
}
