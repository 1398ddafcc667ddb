using MochiOrleans.Tests.Providers;

namespace MochiOrleans.Tests;

/// <summary>
/// One server engine with mutual TLS on its gateway, and the CA material of its cluster and of a stranger, shared by
/// <see cref="TlsTests"/>. Certificates are made at run time; nothing is stored in the repository.
/// </summary>
public sealed class TlsServerFixture : IAsyncLifetime
{
    public const ushort GreeterId = 5;

    public TestCertificateAuthority Cluster { get; } = TestCertificateAuthority.Create("cluster");

    public TestCertificateAuthority Stranger { get; private set; } = null!;

    public PemFiles Client { get; private set; } = null!;

    public PemFiles StrangerClient { get; private set; } = null!;

    /// <summary>A bundle of both CAs: what a client that trusts anything would use.</summary>
    public string BothCasPath { get; private set; } = null!;

    /// <summary>A server that requires a client certificate of the cluster CA.</summary>
    public Engine Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Stranger = Cluster.CreateSibling("stranger");
        Client = Cluster.IssueClient("client");
        StrangerClient = Stranger.IssueClient("stranger-client");
        BothCasPath = Path.Combine(Path.GetDirectoryName(Cluster.CaPath)!, "both-ca.crt");
        await File.WriteAllTextAsync(BothCasPath, await File.ReadAllTextAsync(Cluster.CaPath) + await File.ReadAllTextAsync(Stranger.CaPath));
        var server = Cluster.IssueSilo("server");
        Server = await Engine.StartAsync(options: new EngineOptions
        {
            TlsCertificatePath = server.CertificatePath,
            TlsKeyPath = server.KeyPath,
            TlsCaPath = Cluster.CaPath,
            TlsRequireClientCertificate = true,
        }).WithDeadline();
        await Server.RegisterProviderAsync(new GreeterProvider("tls"), GreeterId).WithDeadline();
    }

    public async Task DisposeAsync()
    {
        try
        {
            await Server.DisposeAsync().WithDeadline();
        }
        finally
        {
            Stranger.Dispose();
            Cluster.Dispose();
        }
    }
}
