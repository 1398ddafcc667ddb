using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace MochiOrleans.Internal.Tls;

/// <summary>
/// The certificate an engine presents, with its private key, read from PEM files as Kubernetes mounts a TLS secret
/// (<c>tls.crt</c>, <c>tls.key</c>). The files are read again for every new connection, so that a certificate replaced
/// on disk is presented from the next connection on, without a restart. A replacement that does not load (half
/// written, a key that belongs to another certificate) leaves the previous certificate in use.
/// </summary>
internal sealed partial class PemCertificate
{
    private readonly string _certificatePath;
    private readonly string? _keyPath;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private string? _loadedCertificatePem;
    private string? _loadedKeyPem;
    private X509Certificate2? _current;

    /// <param name="certificatePath">The PEM certificate (the first certificate in the file is the engine's).</param>
    /// <param name="keyPath">The PEM private key; <see langword="null"/> when it follows the certificate in its file.</param>
    /// <param name="logger">Reports reloads and failed reloads.</param>
    public PemCertificate(string certificatePath, string? keyPath, ILogger logger)
    {
        _certificatePath = certificatePath;
        _keyPath = keyPath;
        _logger = logger;
    }

    /// <summary>The certificate as the files hold it now, or the last one that loaded if they do not load.</summary>
    /// <exception cref="CryptographicException">The files have never loaded (start-up validation reports why).</exception>
    /// <exception cref="IOException">Likewise.</exception>
    public X509Certificate2 Current
    {
        get
        {
            lock (_gate)
            {
                try
                {
                    var certificatePem = File.ReadAllText(_certificatePath);
                    var keyPem = _keyPath is null ? certificatePem : File.ReadAllText(_keyPath);
                    if (_current is null || certificatePem != _loadedCertificatePem || keyPem != _loadedKeyPem)
                    {
                        var loaded = Load(certificatePem, keyPem);
                        if (_current is not null)
                        {
                            LogCertificateReloaded(_logger, _certificatePath, loaded.Subject, loaded.Thumbprint, loaded.NotAfter);
                        }

                        // The previous certificate is not disposed: a handshake in progress may still be using it.
                        _current = loaded;
                        _loadedCertificatePem = certificatePem;
                        _loadedKeyPem = keyPem;
                    }
                }
                catch (Exception exception) when (_current is not null && exception is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
                {
                    LogCertificateReloadFailed(_logger, exception, _certificatePath);
                }

                // Either the files loaded just now, or the catch filter saw an earlier certificate.
                return _current!;
            }
        }
    }

    /// <summary>Loads a certificate and its private key from PEM text.</summary>
    /// <exception cref="CryptographicException">No certificate, no key, or a key that does not match.</exception>
    /// <exception cref="ArgumentException">Likewise (the PEM parser reports some problems this way).</exception>
    public static X509Certificate2 Load(string certificatePem, string keyPem)
    {
        var certificate = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        if (!OperatingSystem.IsWindows())
        {
            return certificate;
        }

        // SChannel cannot use the ephemeral key of a PEM-loaded certificate: give it a key it can reach.
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
        }
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information,
        Message = "TLS certificate {Path} changed on disk: presenting {Subject} ({Thumbprint}, valid until {NotAfter:u}) to new connections.")]
    private static partial void LogCertificateReloaded(ILogger logger, string path, string subject, string thumbprint, DateTime notAfter);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning,
        Message = "TLS certificate {Path} changed on disk but does not load; still presenting the previous certificate.")]
    private static partial void LogCertificateReloadFailed(ILogger logger, Exception exception, string path);
}
