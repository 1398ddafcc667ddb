using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace MochiOrleans.Internal.Tls;

/// <summary>
/// The <see cref="TlsOptions"/> <see cref="EngineTls"/> gives Orleans' TLS middleware, applied to an
/// <see cref="SslStream"/> of our own (the bulk data channel): the same certificate, the same CA check, the same
/// client-certificate rule, so that a connection the cluster would refuse is refused here too.
/// </summary>
internal static class TlsStreamAuthentication
{
    /// <summary>The TLS of a connection this engine opens, from <see cref="EngineTls.ForOutbound"/>.</summary>
    /// <param name="tls">The outbound options.</param>
    /// <param name="targetHost">The address connected to (host names are not checked: the CA vouches for membership).</param>
    public static SslClientAuthenticationOptions Client(TlsOptions tls, string targetHost)
    {
        var select = tls.LocalClientCertificateSelector;
        return new SslClientAuthenticationOptions
        {
            TargetHost = targetHost,
            EnabledSslProtocols = tls.SslProtocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Validate(tls, certificate, chain, errors),
            LocalCertificateSelectionCallback = select is null
                ? null
                : (sender, host, local, remote, issuers) => select(sender, host, local, remote!, issuers)!,
        };
    }

    /// <summary>The TLS of a connection this silo accepts, from <see cref="EngineTls.ForInbound"/>.</summary>
    /// <param name="tls">The inbound options.</param>
    public static SslServerAuthenticationOptions Server(TlsOptions tls)
    {
        var select = tls.LocalServerCertificateSelector ?? throw new InvalidOperationException("A TLS server needs a certificate.");
        return new SslServerAuthenticationOptions
        {
            ServerCertificateSelectionCallback = (_, host) => select(null!, host),
            ClientCertificateRequired = tls.RemoteCertificateMode != RemoteCertificateMode.NoCertificate,
            EnabledSslProtocols = tls.SslProtocols,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Validate(tls, certificate, chain, errors),
        };
    }

    // Orleans' middleware rule: no certificate is acceptable only where none is required; one presented must pass the
    // validation EngineTls configured (its CA chain check, which ignores the platform's own verdict).
    private static bool Validate(TlsOptions tls, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return tls.RemoteCertificateMode != RemoteCertificateMode.RequireCertificate;
        }

        var presented = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return tls.RemoteCertificateValidation is { } validate ? validate(presented, chain!, errors) : errors == SslPolicyErrors.None;
    }
}
