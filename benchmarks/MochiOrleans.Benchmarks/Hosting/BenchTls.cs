using MochiOrleans.Testing;

namespace MochiOrleans.Benchmarks.Hosting;

/// <summary>
/// <c>--tls</c>: the TCP runs with TLS on the gateway (and silo port), to measure what it costs. The CA and the one
/// certificate both sides present are made at run time by <see cref="TestCertificateAuthority"/>; the silo process
/// gets their paths on its command line.
/// </summary>
/// <param name="CaPath">The PEM CA bundle (<c>Mochi:TlsCaPath</c>).</param>
/// <param name="CertificatePath">The PEM certificate both sides present.</param>
/// <param name="KeyPath">Its PEM private key.</param>
internal sealed record BenchTls(string CaPath, string CertificatePath, string KeyPath)
{
    public const string Flag = "--tls";

    /// <summary>Issues the material into <paramref name="authority"/>'s directory.</summary>
    public static BenchTls Issue(TestCertificateAuthority authority)
    {
        var files = authority.IssueSilo("bench-silo");
        return new BenchTls(authority.CaPath, files.CertificatePath, files.KeyPath);
    }

    /// <summary>The settings a silo process was given by <see cref="ToArgs"/>, or <see langword="null"/> for plaintext.</summary>
    public static BenchTls? FromArgs(string[] args)
    {
        var index = Array.IndexOf(args, Flag);
        return index >= 0 && index + 3 < args.Length ? new BenchTls(args[index + 1], args[index + 2], args[index + 3]) : null;
    }

    public string[] ToArgs() => [Flag, CaPath, CertificatePath, KeyPath];

    public void ApplyTo(EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.TlsCaPath = CaPath;
        options.TlsCertificatePath = CertificatePath;
        options.TlsKeyPath = KeyPath;
    }

    /// <summary>The same settings as the <c>Mochi</c> configuration section a client's <c>AddMochi</c> binds.</summary>
    public IEnumerable<KeyValuePair<string, string?>> ToConfiguration() =>
    [
        new("Mochi:TlsCaPath", CaPath),
        new("Mochi:TlsCertificatePath", CertificatePath),
        new("Mochi:TlsKeyPath", KeyPath),
    ];
}
