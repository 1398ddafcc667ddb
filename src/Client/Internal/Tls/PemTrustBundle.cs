using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace MochiOrleans.Internal.Tls;

/// <summary>
/// The certificate authorities a cluster trusts (<c>TlsCaPath</c>, a PEM bundle such as a Kubernetes secret's
/// <c>ca.crt</c>), and the check that a peer's certificate chains to one of them. The system's trusted roots play no
/// part: a certificate any public CA issued is not a member of the cluster. Like <see cref="PemCertificate"/>, the
/// bundle is read again for every check, so that a CA added on disk is trusted from the next connection on.
/// </summary>
internal sealed partial class PemTrustBundle
{
    /// <summary>Extended key usage of a TLS server certificate.</summary>
    public const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    /// <summary>Extended key usage of a TLS client certificate.</summary>
    public const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    private readonly string _path;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private string? _loadedPem;
    private X509Certificate2Collection? _current;

    /// <param name="path">The PEM bundle of CA certificates.</param>
    /// <param name="logger">Reports reloads, failed reloads and refused peers.</param>
    public PemTrustBundle(string path, ILogger logger)
    {
        _path = path;
        _logger = logger;
    }

    /// <summary>The CA certificates as the file holds them now, or the last ones that loaded.</summary>
    public X509Certificate2Collection Current
    {
        get
        {
            lock (_gate)
            {
                try
                {
                    var pem = File.ReadAllText(_path);
                    if (_current is null || pem != _loadedPem)
                    {
                        var loaded = Load(pem);
                        if (_current is not null)
                        {
                            LogBundleReloaded(_logger, _path, loaded.Count);
                        }

                        _current = loaded;
                        _loadedPem = pem;
                    }
                }
                catch (Exception exception) when (_current is not null && exception is IOException or UnauthorizedAccessException or CryptographicException)
                {
                    LogBundleReloadFailed(_logger, exception, _path);
                }

                // Either the file loaded just now, or the catch filter saw an earlier bundle.
                return _current!;
            }
        }
    }

    /// <summary>Reads the CA certificates of a PEM bundle.</summary>
    /// <exception cref="CryptographicException">The text holds no certificate or a malformed one.</exception>
    public static X509Certificate2Collection Load(string pem)
    {
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPem(pem);
        return bundle.Count > 0 ? bundle : throw new CryptographicException("The file holds no PEM certificate.");
    }

    /// <summary>
    /// Whether <paramref name="certificate"/> chains to one of <paramref name="authorities"/>, is within its validity
    /// period and may be used for <paramref name="purpose"/>. Host names are not checked: silos and clients reach each
    /// other by pod IP, so membership of the cluster is what the CA vouches for (see docs/security.md).
    /// </summary>
    /// <param name="certificate">The certificate to check.</param>
    /// <param name="intermediates">Certificates the peer sent along, usable to build the chain but never trusted.</param>
    /// <param name="authorities">The trust anchors.</param>
    /// <param name="purpose"><see cref="ServerAuthentication"/> or <see cref="ClientAuthentication"/>.</param>
    /// <returns><see langword="null"/> if the certificate is good, else why not.</returns>
    public static string? Check(X509Certificate2 certificate, X509Certificate2Collection? intermediates, X509Certificate2Collection authorities, string purpose)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(purpose));
        if (intermediates is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        }

        if (chain.Build(certificate))
        {
            return null;
        }

        var problems = chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct();
        return string.Join(" ", problems) is { Length: > 0 } text ? text : "it does not chain to the trusted CA.";
    }

    /// <summary>The TLS validation callback: accepts a peer whose certificate <see cref="Check"/> accepts.</summary>
    /// <param name="certificate">The peer's certificate.</param>
    /// <param name="presented">The chain the TLS stack built, whose extra store holds what the peer sent along.</param>
    /// <param name="purpose">What the peer's certificate must be good for.</param>
    public bool Accepts(X509Certificate2 certificate, X509Chain? presented, string purpose)
    {
        X509Certificate2Collection authorities;
        try
        {
            authorities = Current;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or CryptographicException)
        {
            LogBundleUnreadable(_logger, exception, _path);
            return false;
        }

        var problem = Check(certificate, presented?.ChainPolicy.ExtraStore, authorities, purpose);
        if (problem is null)
        {
            return true;
        }

        LogPeerRefused(_logger, certificate.Subject, certificate.Issuer, problem);
        return false;
    }

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information,
        Message = "TLS CA bundle {Path} changed on disk: trusting its {Count} certificates for new connections.")]
    private static partial void LogBundleReloaded(ILogger logger, string path, int count);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning,
        Message = "TLS CA bundle {Path} changed on disk but does not load; still trusting the previous bundle.")]
    private static partial void LogBundleReloadFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Error,
        Message = "TLS CA bundle {Path} cannot be read: every peer is refused.")]
    private static partial void LogBundleUnreadable(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Warning,
        Message = "Refused a TLS peer presenting {Subject} issued by {Issuer}: {Problem}")]
    private static partial void LogPeerRefused(ILogger logger, string subject, string issuer, string problem);
}
