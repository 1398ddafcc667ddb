using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MochiOrleans.Cluster.Tests.Infrastructure;

/// <summary>
/// A CA and certificates it issues, made at test time (no key material in the repository), written as the PEM files
/// a Kubernetes Secret mounts: <c>ca.crt</c>, <c>tls.crt</c>, <c>tls.key</c>.
/// </summary>
internal sealed class TestPki : IDisposable
{
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestPki()
    {
        var request = new CertificateRequest("CN=mochi-test-ca", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        // Outlives every certificate it issues: a leaf may not end after its issuer.
        Ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2));
    }

    public X509Certificate2 Ca { get; }

    /// <summary>Writes the CA as <c>ca.crt</c>, and a server certificate for <paramref name="names"/> as <c>tls.crt</c>/<c>tls.key</c>, into <paramref name="directory"/>.</summary>
    public void WriteServerFiles(string directory, string[] names, IPAddress[] addresses)
    {
        Directory.CreateDirectory(directory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + names[0], key, HashAlgorithmName.SHA256);
        var alternatives = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            alternatives.AddDnsName(name);
        }

        foreach (var address in addresses)
        {
            alternatives.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(alternatives.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var certificate = request.Create(Ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(16));
        File.WriteAllText(Path.Combine(directory, "ca.crt"), Ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "tls.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "tls.key"), key.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose()
    {
        Ca.Dispose();
        _caKey.Dispose();
    }
}
