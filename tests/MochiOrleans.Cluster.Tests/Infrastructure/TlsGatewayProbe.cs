using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using MochiOrleans.Gateway.Protocol;

namespace MochiOrleans.Cluster.Tests.Infrastructure;

/// <summary>
/// Checks a gRPC gateway served under mutual TLS the way a client would: trusting only the test authority, with and
/// without a client certificate, and in plaintext.
/// </summary>
internal static class TlsGatewayProbe
{
    /// <summary>
    /// A client trusting <paramref name="caPath"/> and presenting <paramref name="clientCertificate"/> gets
    /// <paramref name="expectedAddress"/> from a lookup; one without a certificate, and a plaintext one, are refused.
    /// </summary>
    public static async Task AssertServesOnlyTrustedClientsAsync(int port, string caPath, X509Certificate2 clientCertificate, string expectedAddress)
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(caPath);

        using (var trusted = Channel(port, "https", authorities, clientCertificate))
        {
            var own = await new MochiGateway.MochiGatewayClient(trusted).LookupAsync(new LookupRequest()).ResponseAsync.WithDeadline();
            Assert.Equal(expectedAddress, own.Address);
        }

        foreach (var (scheme, certificate) in new[] { ("https", (X509Certificate2?)null), ("http", clientCertificate) })
        {
            using var refused = Channel(port, scheme, authorities, certificate);
            await Assert.ThrowsAsync<RpcException>(() => new MochiGateway.MochiGatewayClient(refused).LookupAsync(new LookupRequest()).ResponseAsync.WithDeadline());
        }
    }

    private static GrpcChannel Channel(int port, string scheme, X509Certificate2Collection authorities, X509Certificate2? certificate)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
            return presented is X509Certificate2 x509 && chain.Build(x509);
        };
        if (certificate is not null)
        {
            handler.SslOptions.ClientCertificates = [certificate];
        }

        return GrpcChannel.ForAddress($"{scheme}://127.0.0.1:{port}", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }
}
