namespace MochiOrleans.Testing;

/// <summary>A certificate and its private key as PEM files (a TLS secret's <c>tls.crt</c> and <c>tls.key</c>).</summary>
/// <param name="CertificatePath">The certificate.</param>
/// <param name="KeyPath">The unencrypted PKCS#8 private key.</param>
public sealed record PemFiles(string CertificatePath, string KeyPath);
