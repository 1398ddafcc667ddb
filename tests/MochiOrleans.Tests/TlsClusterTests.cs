using Microsoft.Extensions.DependencyInjection;
using MochiOrleans.Tests.Providers;
using Orleans.TestingHost;

namespace MochiOrleans.Tests;

/// <summary>TLS between the silos of one cluster and its client, all configured with <c>AddMochi</c> from the <c>Mochi</c> section.</summary>
public class TlsClusterTests
{
    private static readonly TimeSpan StartAndStopDeadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Silos_and_a_client_configured_with_AddMochi_call_each_other_under_mutual_TLS()
    {
        using var authority = TestCertificateAuthority.Create("tls-cluster");
        var certificate = authority.IssueSilo("silo");
        var builder = new TestClusterBuilder(2);
        builder.Properties["Mochi:TlsCertificatePath"] = certificate.CertificatePath;
        builder.Properties["Mochi:TlsKeyPath"] = certificate.KeyPath;
        builder.Properties["Mochi:TlsCaPath"] = authority.CaPath;
        builder.Properties["Mochi:TlsRequireClientCertificate"] = "true";
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<MochiTestCluster.ClientConfigurator>();
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync().WithDeadline(StartAndStopDeadline);
            var secondary = cluster.EngineOf(cluster.SecondarySilos[0]);
            await secondary.RegisterProviderAsync(new GreeterProvider("secondary"), providerId: 9).WithDeadline();

            // The primary silo reaches the secondary's instance provider over the silo port; the client over a gateway.
            var primary = cluster.EngineOf(cluster.Primary!);
            var fromPrimary = await primary.Register("greeter_name")
                .On(await primary.LookupAsync(secondary.Address.ToString()).WithDeadline(), 9)
                .CallAsync<string>().WithDeadline();
            var client = cluster.Client.ServiceProvider.GetRequiredService<Engine>();
            var fromClient = await client.Register("greeter_name")
                .On(await client.LookupAsync(secondary.Address.ToString()).WithDeadline(), 9)
                .CallAsync<string>().WithDeadline();

            Assert.Equal("secondary", fromPrimary);
            Assert.Equal("secondary", fromClient);
        }
        finally
        {
            await cluster.StopAndDisposeAsync();
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) => siloBuilder.AddMochi();
    }
}
