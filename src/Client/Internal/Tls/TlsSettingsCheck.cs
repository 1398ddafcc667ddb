using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MochiOrleans.Internal.Tls;

/// <summary>
/// Checks the TLS settings of <see cref="EngineOptions"/> before anything listens or connects, so that a bad path or a
/// certificate the cluster would refuse fails start-up with a message naming the setting (<c>Mochi:TlsCaPath</c>, ...)
/// instead of failing every handshake later with nothing but an Orleans "Authentication failed" warning.
/// </summary>
internal static class TlsSettingsCheck
{
    /// <summary>Every problem of the TLS settings, each naming its setting; empty if they are usable.</summary>
    /// <param name="options">The engine's options.</param>
    /// <param name="mode">Server engines (silos) need a certificate; clients need one only for mutual TLS.</param>
    public static IReadOnlyList<string> Validate(EngineOptions options, EngineMode mode)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var certificatePath = options.TlsCertificatePath;
        var keyPath = options.TlsKeyPath;
        if (IsSet(keyPath) && !IsSet(certificatePath))
        {
            failures.Add($"{Key(nameof(EngineOptions.TlsKeyPath))} is set without {Key(nameof(EngineOptions.TlsCertificatePath))}: a private key needs its certificate.");
        }

        if (!IsSet(options.TlsCaPath))
        {
            var stray = IsSet(certificatePath) ? nameof(EngineOptions.TlsCertificatePath)
                : IsSet(keyPath) ? nameof(EngineOptions.TlsKeyPath)
                : options.TlsRequireClientCertificate ? nameof(EngineOptions.TlsRequireClientCertificate)
                : null;
            if (stray is not null)
            {
                failures.Add($"{Key(stray)} is set but {Key(nameof(EngineOptions.TlsCaPath))} is not: TLS is on only with the CA bundle that peers must chain to.");
            }

            return failures;
        }

        if (mode == EngineMode.Server && !IsSet(certificatePath))
        {
            failures.Add(
                $"{Key(nameof(EngineOptions.TlsCertificatePath))} is required when {Key(nameof(EngineOptions.TlsCaPath))} is set on a server: " +
                "silos present a certificate to each other and to clients.");
        }

        var authorities = LoadAuthorities(options.TlsCaPath!, failures);
        if (!IsSet(certificatePath) || !Exists(nameof(EngineOptions.TlsCertificatePath), certificatePath!, failures)
            || (IsSet(keyPath) && !Exists(nameof(EngineOptions.TlsKeyPath), keyPath!, failures)))
        {
            return failures;
        }

        X509Certificate2 certificate;
        try
        {
            var certificatePem = File.ReadAllText(certificatePath!);
            certificate = PemCertificate.Load(certificatePem, IsSet(keyPath) ? File.ReadAllText(keyPath!) : certificatePem);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            var where = IsSet(keyPath)
                ? $"'{certificatePath}' with the key in {Key(nameof(EngineOptions.TlsKeyPath))} '{keyPath}'"
                : $"'{certificatePath}' (no {Key(nameof(EngineOptions.TlsKeyPath))}: the key must follow the certificate in that file)";
            failures.Add($"{Key(nameof(EngineOptions.TlsCertificatePath))}: cannot load a certificate and its private key from {where}: {exception.Message}");
            return failures;
        }

        using (certificate)
        {
            if (authorities is not null)
            {
                // A silo's certificate serves both ends of silo-to-silo connections; a client only ever is the client.
                string[] purposes = mode == EngineMode.Server
                    ? [PemTrustBundle.ServerAuthentication, PemTrustBundle.ClientAuthentication]
                    : [PemTrustBundle.ClientAuthentication];
                foreach (var purpose in purposes)
                {
                    if (PemTrustBundle.Check(certificate, null, authorities, purpose) is { } problem)
                    {
                        var use = purpose == PemTrustBundle.ServerAuthentication ? "server" : "client";
                        failures.Add(
                            $"{Key(nameof(EngineOptions.TlsCertificatePath))}: peers would refuse '{certificate.Subject}' as a TLS {use} certificate " +
                            $"under {Key(nameof(EngineOptions.TlsCaPath))}: {problem}");
                    }
                }
            }
        }

        return failures;
    }

    /// <summary>Throws <see cref="MargoErrorCode.InvalidArgument"/> listing every problem, for <c>Engine.StartAsync</c>.</summary>
    /// <exception cref="MargoException">The settings are not usable.</exception>
    public static void ThrowIfInvalid(EngineOptions options, EngineMode mode)
    {
        var failures = Validate(options, mode);
        if (failures.Count > 0)
        {
            throw new MargoException(MargoErrorCode.InvalidArgument, "Invalid TLS settings: " + string.Join(" ", failures));
        }
    }

    private static X509Certificate2Collection? LoadAuthorities(string path, List<string> failures)
    {
        if (!Exists(nameof(EngineOptions.TlsCaPath), path, failures))
        {
            return null;
        }

        try
        {
            return PemTrustBundle.Load(File.ReadAllText(path));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or CryptographicException)
        {
            failures.Add($"{Key(nameof(EngineOptions.TlsCaPath))}: '{path}' is not a PEM bundle of CA certificates: {exception.Message}");
            return null;
        }
    }

    private static bool Exists(string setting, string path, List<string> failures)
    {
        if (File.Exists(path))
        {
            return true;
        }

        failures.Add($"{Key(setting)}: '{path}' does not exist (or is not a file).");
        return false;
    }

    private static bool IsSet(string? path) => !string.IsNullOrWhiteSpace(path);

    private static string Key(string setting) => $"{EngineOptions.SectionName}:{setting}";
}
