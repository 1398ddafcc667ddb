using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MochiOrleans.Testing;

/// <summary>
/// A throw-away certificate authority for TLS tests and benchmarks: its certificate and the certificates it issues are
/// made at run time (ECDSA P-256) and written as PEM files to a temporary directory, as Kubernetes mounts a TLS secret.
/// Nothing is stored in the repository or in a certificate store. Disposing deletes the directory.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    private readonly X509Certificate2 _certificate;
    private readonly string _directory;
    private readonly bool _ownsDirectory;

    private TestCertificateAuthority(string name, string directory, bool ownsDirectory)
    {
        _directory = directory;
        _ownsDirectory = ownsDirectory;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        // "CA" in the subject keeps it distinct from any certificate it issues: a leaf whose subject equals its
        // issuer's would look self-signed.
        var request = new CertificateRequest($"CN={name} CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(2));
        CaPath = Path.Combine(directory, $"{name}-ca.crt");
        File.WriteAllText(CaPath, _certificate.ExportCertificatePem() + "\n");
    }

    /// <summary>The PEM file of the CA certificate: what <c>TlsCaPath</c> points to.</summary>
    public string CaPath { get; }

    /// <summary>A new CA named <paramref name="name"/> in a new temporary directory.</summary>
    public static TestCertificateAuthority Create(string name) =>
        new(name, Directory.CreateTempSubdirectory("mochi-tls-").FullName, ownsDirectory: true);

    /// <summary>Another CA whose files go to this one's directory (deleted with it).</summary>
    public TestCertificateAuthority CreateSibling(string name) => new(name, _directory, ownsDirectory: false);

    /// <summary>A silo certificate (server and client authentication, for 127.0.0.1 and localhost).</summary>
    public PemFiles IssueSilo(string name) => Issue(name, ServerAuthentication, ClientAuthentication);

    /// <summary>A client certificate (client authentication only).</summary>
    public PemFiles IssueClient(string name) => Issue(name, ClientAuthentication);

    /// <summary>
    /// Writes a new certificate for <paramref name="name"/> with the given extended key usages, and its private key, to
    /// <c>name.crt</c> and <c>name.key</c>, replacing what was there (which is how a rotated secret looks on disk).
    /// </summary>
    public PemFiles Issue(string name, params string[] extendedKeyUsages)
    {
        ArgumentNullException.ThrowIfNull(extendedKeyUsages);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        var usages = new OidCollection();
        foreach (var usage in extendedKeyUsages)
        {
            usages.Add(new Oid(usage));
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, critical: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(_certificate, DateTimeOffset.UtcNow.AddMinutes(-30), DateTimeOffset.UtcNow.AddDays(1), serial);
        var files = new PemFiles(Path.Combine(_directory, $"{name}.crt"), Path.Combine(_directory, $"{name}.key"));
        File.WriteAllText(files.CertificatePath, issued.ExportCertificatePem() + "\n");
        File.WriteAllText(files.KeyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        return files;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _certificate.Dispose();
        if (_ownsDirectory)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
