using System.Net;
using Microsoft.Extensions.Configuration;
using MochiOrleans.Tests.Providers;

namespace MochiOrleans.Tests;

/// <summary>TLS between engines over real TCP: who gets in, who is refused, and that refusals harm no one else.</summary>
public class TlsTests(TlsServerFixture fixture) : IClassFixture<TlsServerFixture>
{
    /// <summary>Short, so that a refused client gives up soon; refusal must come within it.</summary>
    private static readonly TimeSpan RefusedConnectTimeout = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task A_client_with_a_certificate_of_the_cluster_CA_calls_a_server_under_mutual_TLS()
    {
        Assert.Equal("Good bye Ada (Lovelace, from tls)", await CallServerAsync(ClientOptions(fixture.Client, fixture.Cluster.CaPath)));
    }

    [Fact]
    public async Task A_plaintext_client_is_refused_as_Unreachable_and_the_server_keeps_serving()
    {
        await AssertRefusedAsync(new EngineOptions { ConnectTimeout = RefusedConnectTimeout });
    }

    [Fact]
    public async Task A_client_without_a_certificate_is_refused_under_mutual_TLS_and_the_server_keeps_serving()
    {
        await AssertRefusedAsync(ClientOptions(certificate: null, fixture.Cluster.CaPath, RefusedConnectTimeout));
    }

    [Fact]
    public async Task A_client_with_a_certificate_of_another_CA_is_refused_and_the_server_keeps_serving()
    {
        // The client trusts the server's CA too, so only the server's check of the client's certificate can refuse it.
        await AssertRefusedAsync(ClientOptions(fixture.StrangerClient, fixture.BothCasPath, RefusedConnectTimeout));
    }

    [Fact]
    public async Task A_client_that_trusts_only_another_CA_refuses_the_server_and_the_server_keeps_serving()
    {
        await AssertRefusedAsync(ClientOptions(certificate: null, fixture.Stranger.CaPath, RefusedConnectTimeout));
    }

    [Fact]
    public async Task Without_mutual_TLS_a_client_with_only_the_CA_bundle_calls_the_server_and_a_plaintext_client_is_refused()
    {
        var silo = fixture.Cluster.IssueSilo("one-way-server");
        await using var server = await Engine.StartAsync(options: ServerOptions(silo)).WithDeadline();
        await server.RegisterProviderAsync(new GreeterProvider("one-way"), TlsServerFixture.GreeterId).WithDeadline();

        Assert.Equal("Good bye Ada (Lovelace, from one-way)", await CallAsync(server, ClientOptions(certificate: null, fixture.Cluster.CaPath)));
        var error = await Assert.ThrowsAsync<MargoException>(() => CallAsync(server, new EngineOptions { ConnectTimeout = RefusedConnectTimeout }));
        Assert.Equal(MargoErrorCode.Unreachable, error.Code);
    }

    [Fact]
    public async Task A_server_certificate_replaced_on_disk_is_presented_to_new_connections_without_a_restart()
    {
        var silo = fixture.Cluster.IssueSilo("rotating-server");
        await using var server = await Engine.StartAsync(options: ServerOptions(silo)).WithDeadline();
        await server.RegisterProviderAsync(new GreeterProvider("rotating"), TlsServerFixture.GreeterId).WithDeadline();
        var trustsOnlyStranger = ClientOptions(certificate: null, fixture.Stranger.CaPath, RefusedConnectTimeout);
        var before = await Assert.ThrowsAsync<MargoException>(() => CallAsync(server, trustsOnlyStranger));

        // The stranger CA issues the same files anew, as a rotated secret appears in a pod.
        fixture.Stranger.IssueSilo("rotating-server");

        Assert.Equal(MargoErrorCode.Unreachable, before.Code);
        Assert.Equal("Good bye Ada (Lovelace, from rotating)", await CallAsync(server, ClientOptions(certificate: null, fixture.Stranger.CaPath)));
    }

    [Fact]
    public async Task A_client_with_AddMochi_takes_its_TLS_settings_from_the_Mochi_configuration_section()
    {
        var gateway = new Uri(fixture.Server.Address.ToString());
        await using var host = await OrleansClientHost.StartAsync(
            new IPEndPoint(IPAddress.Parse(gateway.Host), gateway.Port),
            clusterId: "mochi",
            serviceId: "mochi",
            host: builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Mochi:TlsCertificatePath"] = fixture.Client.CertificatePath,
                ["Mochi:TlsKeyPath"] = fixture.Client.KeyPath,
                ["Mochi:TlsCaPath"] = fixture.Cluster.CaPath,
            })).WithDeadline();
        var engine = host.Engine;

        var address = await engine.LookupAsync(fixture.Server.Address.ToString()).WithDeadline();
        var response = await engine.Register("greeter_name").On(address, TlsServerFixture.GreeterId).CallAsync<string>().WithDeadline();

        Assert.Equal("tls", response);
    }

    [Fact]
    public async Task A_client_with_AddMochi_and_a_missing_CA_file_fails_to_start_naming_the_setting()
    {
        var gateway = new Uri(fixture.Server.Address.ToString());
        var error = await Assert.ThrowsAnyAsync<Exception>(() => OrleansClientHost.StartAsync(
            new IPEndPoint(IPAddress.Parse(gateway.Host), gateway.Port),
            clusterId: "mochi",
            serviceId: "mochi",
            host: builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Mochi:TlsCaPath"] = Path.Combine(Path.GetTempPath(), "no-such-ca.crt"),
            })).WithDeadline());

        Assert.IsType<OrleansConfigurationException>(error);
        Assert.Contains("Mochi:TlsCaPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mochi_call_with_TLS_options_calls_a_server_under_mutual_TLS_and_without_them_is_refused()
    {
        var address = fixture.Server.Address.ToString();
        await using var call = ChildProcess.Start(
            "src/Client/Cli", "call", address, "greeter_name", "--provider-id", "5",
            "--tls-ca", fixture.Cluster.CaPath, "--tls-cert", fixture.Client.CertificatePath, "--tls-key", fixture.Client.KeyPath);
        await using var plaintext = ChildProcess.Start("src/Client/Cli", "call", address, "greeter_name", "--provider-id", "5");

        Assert.Equal(0, await call.WaitForExitAsync());
        Assert.Contains("tls", call.Lines);
        Assert.Equal(1, await plaintext.WaitForExitAsync());
        Assert.Contains(plaintext.Lines, l => l.StartsWith("Unreachable:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unusable_TLS_settings_fail_StartAsync_with_InvalidArgument_naming_the_setting()
    {
        var silo = fixture.Cluster.IssueSilo("checked-server");
        var client = fixture.Cluster.IssueClient("checked-client");
        var missing = Path.Combine(Path.GetTempPath(), $"mochi-missing-{Guid.NewGuid():N}.pem");
        (EngineMode Mode, EngineOptions Options, string Setting)[] cases =
        [
            (EngineMode.Client, new EngineOptions { TlsKeyPath = client.KeyPath, TlsCaPath = fixture.Cluster.CaPath }, "Mochi:TlsKeyPath"),
            (EngineMode.Client, new EngineOptions { TlsCertificatePath = client.CertificatePath, TlsKeyPath = client.KeyPath }, "Mochi:TlsCaPath"),
            (EngineMode.Client, new EngineOptions { TlsCaPath = missing }, "Mochi:TlsCaPath"),
            (EngineMode.Client, new EngineOptions { TlsCaPath = client.KeyPath }, "Mochi:TlsCaPath"),
            (EngineMode.Client, new EngineOptions { TlsCertificatePath = client.CertificatePath, TlsKeyPath = silo.KeyPath, TlsCaPath = fixture.Cluster.CaPath }, "Mochi:TlsCertificatePath"),
            (EngineMode.Client, new EngineOptions { TlsCertificatePath = client.CertificatePath, TlsCaPath = fixture.Cluster.CaPath }, "Mochi:TlsCertificatePath"),
            (EngineMode.Client, new EngineOptions { TlsCertificatePath = fixture.StrangerClient.CertificatePath, TlsKeyPath = fixture.StrangerClient.KeyPath, TlsCaPath = fixture.Cluster.CaPath }, "Mochi:TlsCertificatePath"),
            (EngineMode.Server, new EngineOptions { TlsCaPath = fixture.Cluster.CaPath }, "Mochi:TlsCertificatePath"),
            (EngineMode.Server, ServerOptions(client), "Mochi:TlsCertificatePath"),
        ];

        foreach (var (mode, options, setting) in cases)
        {
            var error = await Assert.ThrowsAsync<MargoException>(() => Engine.StartAsync(mode: mode, options: options).WithDeadline());
            Assert.Equal(MargoErrorCode.InvalidArgument, error.Code);
            Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        }
    }

    private async Task AssertRefusedAsync(EngineOptions refused)
    {
        await using (var client = await Engine.StartAsync(mode: EngineMode.Client, options: refused).WithDeadline())
        {
            var error = await Assert.ThrowsAsync<MargoException>(() => client.LookupAsync(fixture.Server.Address.ToString()).WithDeadline());
            Assert.Equal(MargoErrorCode.Unreachable, error.Code);
        }

        Assert.Equal("Good bye Ada (Lovelace, from tls)", await CallServerAsync(ClientOptions(fixture.Client, fixture.Cluster.CaPath)));
    }

    private Task<string> CallServerAsync(EngineOptions options) => CallAsync(fixture.Server, options);

    private static async Task<string> CallAsync(Engine server, EngineOptions options)
    {
        await using var client = await Engine.StartAsync(mode: EngineMode.Client, options: options).WithDeadline();
        var address = await client.LookupAsync(server.Address.ToString()).WithDeadline();
        return await client.Register("greeter_say_hello").On(address, TlsServerFixture.GreeterId)
            .CallAsync<string>(["Ada"], new Dictionary<string, object?> { ["lastname"] = "Lovelace" })
            .WithDeadline();
    }

    private EngineOptions ServerOptions(PemFiles certificate) => new()
    {
        TlsCertificatePath = certificate.CertificatePath,
        TlsKeyPath = certificate.KeyPath,
        TlsCaPath = fixture.Cluster.CaPath,
    };

    private static EngineOptions ClientOptions(PemFiles? certificate, string caPath, TimeSpan? connectTimeout = null)
    {
        var options = new EngineOptions
        {
            TlsCertificatePath = certificate?.CertificatePath,
            TlsKeyPath = certificate?.KeyPath,
            TlsCaPath = caPath,
        };
        if (connectTimeout is { } timeout)
        {
            options.ConnectTimeout = timeout;
        }

        return options;
    }
}
