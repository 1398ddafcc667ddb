using System.IO.Hashing;
using Microsoft.Extensions.Logging.Abstractions;
using MochiOrleans.Internal;
using MochiOrleans.Internal.Tls;
using MochiOrleans.Internal.Transfers;
using MochiOrleans.Tests.Providers;

namespace MochiOrleans.Tests;

/// <summary>Bulk data under mutual TLS: the data channel is TLS with the engines' certificates and the cluster's CA.</summary>
public sealed class BulkTlsTests : IDisposable
{
    private readonly TestCertificateAuthority _authority = TestCertificateAuthority.Create("bulk");

    public void Dispose() => _authority.Dispose();

    [Fact]
    public async Task A_server_under_mutual_TLS_pulls_from_and_pushes_to_a_client_engines_bulk()
    {
        await using var engines = await StartMutualTlsAsync();
        var (server, client) = engines;
        var address = await client.LookupAsync(server.Address.ToString()).WithDeadline();
        var data = new byte[(3 * 1024 * 1024) + 5];
        new Random(3).NextBytes(data);
        var expected = XxHash64.HashToUInt64(data);
        await using var bulk = client.CreateBulk(data, BulkMode.ReadWrite);

        var pulled = await client.Register("bulk_pull_checksum").On(address, 14).CallAsync<ulong>(bulk).WithDeadline();
        await client.Register("bulk_push").On(address, 14).CallAsync<object?>(bulk, 1L, new byte[] { 1, 2, 3 }).WithDeadline();

        Assert.Equal(expected, pulled);
        Assert.Equal(new byte[] { 1, 2, 3 }, data[1..4]);
        Assert.Equal((2L, 0L), (server.BulkChannels.ChannelTransfers, server.BulkChannels.MessageTransfers));
    }

    [Fact]
    public async Task The_data_channel_under_mutual_TLS_refuses_a_plaintext_peer_and_a_peer_without_a_certificate_and_admits_the_engines_own()
    {
        await using var engines = await StartMutualTlsAsync();
        var (server, client) = engines;
        var (_, offer, binding) = await BulkChannelTests.OfferAsync(client, server.Address.ToString(), 64);
        var plaintext = new BulkChannelDialer(new EngineTls(new EngineOptions(), NullLogger<EngineTls>.Instance));
        var anonymous = new BulkChannelDialer(new EngineTls(new EngineOptions { TlsCaPath = _authority.CaPath }, NullLogger<EngineTls>.Instance));

        await Assert.ThrowsAnyAsync<IOException>(() => plaintext.ConnectAsync(offer, binding, CancellationToken.None).WithDeadline());
        await Assert.ThrowsAnyAsync<Exception>(() => anonymous.ConnectAsync(offer, binding, CancellationToken.None).WithDeadline());
        var received = new byte[64];
        await using (var stream = await client.BulkChannels.Dialer.ConnectAsync(offer, binding, CancellationToken.None).WithDeadline())
        {
            await BulkChannelStream.ReceiveAsync(stream, received, check: null, progress: null, TimeSpan.FromSeconds(30), CancellationToken.None).WithDeadline();
        }

        // Neither refused peer used the ticket up: the engine's own connection was admitted with it afterwards.
        Assert.Equal(Enumerable.Range(0, 64).Select(i => (byte)i), received);
    }

    /// <summary>A server engine serving <see cref="BulkProvider"/> (provider id 14) under mutual TLS, and a client engine with a certificate of the same authority.</summary>
    private async Task<EnginePair> StartMutualTlsAsync()
    {
        var silo = _authority.IssueSilo("server");
        var certificate = _authority.IssueClient("client");
        var server = await Engine.StartAsync(options: new EngineOptions
        {
            TlsCertificatePath = silo.CertificatePath,
            TlsKeyPath = silo.KeyPath,
            TlsCaPath = _authority.CaPath,
            TlsRequireClientCertificate = true,
        }).WithDeadline();
        try
        {
            await server.RegisterProviderAsync(new BulkProvider(server), providerId: 14).WithDeadline();
            var client = await Engine.StartAsync("tcp", EngineMode.Client, new EngineOptions
            {
                TlsCertificatePath = certificate.CertificatePath,
                TlsKeyPath = certificate.KeyPath,
                TlsCaPath = _authority.CaPath,
            }).WithDeadline();
            return new EnginePair(server, client);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private sealed record EnginePair(Engine Server, Engine Client) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await Server.DisposeAsync();
        }
    }
}
