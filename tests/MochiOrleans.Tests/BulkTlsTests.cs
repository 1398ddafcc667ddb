using System.IO.Hashing;
using MochiOrleans.Tests.Providers;

namespace MochiOrleans.Tests;

/// <summary>Bulk data under mutual TLS: chunks travel on the engines' own (encrypted) connections.</summary>
public sealed class BulkTlsTests : IDisposable
{
    private readonly TestCertificateAuthority _authority = TestCertificateAuthority.Create("bulk");

    public void Dispose() => _authority.Dispose();

    [Fact]
    public async Task A_server_under_mutual_TLS_pulls_from_and_pushes_to_a_client_engines_bulk()
    {
        var silo = _authority.IssueSilo("server");
        var certificate = _authority.IssueClient("client");
        await using var server = await Engine.StartAsync(options: new EngineOptions
        {
            TlsCertificatePath = silo.CertificatePath,
            TlsKeyPath = silo.KeyPath,
            TlsCaPath = _authority.CaPath,
            TlsRequireClientCertificate = true,
        }).WithDeadline();
        await server.RegisterProviderAsync(new BulkProvider(server), providerId: 14).WithDeadline();
        await using var client = await Engine.StartAsync("tcp", EngineMode.Client, new EngineOptions
        {
            TlsCertificatePath = certificate.CertificatePath,
            TlsKeyPath = certificate.KeyPath,
            TlsCaPath = _authority.CaPath,
        }).WithDeadline();
        var address = await client.LookupAsync(server.Address.ToString()).WithDeadline();
        var data = new byte[(3 * 1024 * 1024) + 5];
        new Random(3).NextBytes(data);
        var expected = XxHash64.HashToUInt64(data);
        await using var bulk = client.CreateBulk(data, BulkMode.ReadWrite);

        var pulled = await client.Register("bulk_pull_checksum").On(address, 14).CallAsync<ulong>(bulk).WithDeadline();
        await client.Register("bulk_push").On(address, 14).CallAsync<object?>(bulk, 1L, new byte[] { 1, 2, 3 }).WithDeadline();

        Assert.Equal(expected, pulled);
        Assert.Equal(new byte[] { 1, 2, 3 }, data[1..4]);
    }
}
