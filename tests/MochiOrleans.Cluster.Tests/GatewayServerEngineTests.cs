using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using MochiOrleans.Cluster.Tests.Infrastructure;
using MochiOrleans.Gateway.Protocol;
using WireCode = MochiOrleans.Gateway.Protocol.MargoErrorCode;

namespace MochiOrleans.Cluster.Tests;

/// <summary>
/// Server engines (<c>Engine.StartAsync</c>) serve the gRPC gateway when <c>Mochi:Gateway:Port</c> is set, with the
/// engine's TLS and tokens, for as long as the engine lives. This project references MochiOrleans.Gateway (through the
/// silo host), as an application that serves the gateway does.
/// </summary>
public sealed class GatewayServerEngineTests
{
    private static Value Int(long v) => new() { Kind = Kind.Int, IntValue = v };

    // As configuration would set it, so that the test reads like the keys an operator writes.
    private static EngineOptions Options(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build()
            .GetSection(EngineOptions.SectionName).Get<EngineOptions>() ?? new EngineOptions();

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_server_engine_with_Mochi_Gateway_Port_serves_lookups_and_calls_over_the_gateway_until_it_is_disposed()
    {
        var port = FreePorts.Take(1)[0];
        var engine = await Engine.StartAsync("tcp", EngineMode.Server, Options(("Mochi:Gateway:Port", Text(port)))).WithDeadline();
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var gateway = new MochiGateway.MochiGatewayClient(channel);
        await using (engine)
        {
            await engine.RegisterProviderAsync(new ClusterProviders.ValuesProvider(), 7).WithDeadline();

            var own = await gateway.LookupAsync(new LookupRequest()).ResponseAsync.WithDeadline();
            Assert.Equal(engine.Address.ToString(), own.Address);

            var add = new CallRequest { Address = own.Address, RpcName = "values_add", ProviderId = 7 };
            add.Args.Add([Int(1), Int(2)]);
            Assert.Equal(3, (await gateway.CallAsync(add).ResponseAsync.WithDeadline()).Value.IntValue);

            var unknown = new CallRequest { Address = own.Address, RpcName = "values_no_such_rpc", ProviderId = 7 };
            Assert.Equal(WireCode.NoEntry, (await gateway.CallAsync(unknown).ResponseAsync.WithDeadline()).Error.Code);
        }

        // The gateway belongs to the engine: disposing it closes the port.
        var closed = await Assert.ThrowsAsync<RpcException>(() => gateway.LookupAsync(new LookupRequest()).ResponseAsync.WithDeadline());
        Assert.Equal(StatusCode.Unavailable, closed.StatusCode);
    }

    [Fact]
    public async Task A_server_engine_gateway_requires_the_engine_s_access_token()
    {
        var port = FreePorts.Take(1)[0];
        await using var engine = await Engine.StartAsync("tcp", EngineMode.Server, new EngineOptions
        {
            Gateway = { Port = port },
            AccessToken = "access-secret",
        }).WithDeadline();
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var gateway = new MochiGateway.MochiGatewayClient(channel);

        var refused = await gateway.LookupAsync(new LookupRequest()).ResponseAsync.WithDeadline();
        var accepted = await gateway.LookupAsync(new LookupRequest(), new Metadata { { "mochi-access-token", "access-secret" } }).ResponseAsync.WithDeadline();

        Assert.Equal(WireCode.Permission, refused.Error.Code);
        Assert.Equal(engine.Address.ToString(), accepted.Address);
    }

    [Fact]
    public async Task With_TLS_a_server_engine_gateway_serves_the_engine_certificate_and_requires_a_client_certificate_when_told()
    {
        using var authority = TestCertificateAuthority.Create("engine-gateway-tls");
        var server = authority.IssueSilo("silo");
        var client = authority.IssueClient("client");
        var port = FreePorts.Take(1)[0];
        await using var engine = await Engine.StartAsync("tcp", EngineMode.Server, new EngineOptions
        {
            Gateway = { Port = port },
            TlsCaPath = authority.CaPath,
            TlsCertificatePath = server.CertificatePath,
            TlsKeyPath = server.KeyPath,
            TlsRequireClientCertificate = true,
        }).WithDeadline();
        using var clientCertificate = X509Certificate2.CreateFromPemFile(client.CertificatePath, client.KeyPath);

        await TlsGatewayProbe.AssertServesOnlyTrustedClientsAsync(port, authority.CaPath, clientCertificate, engine.Address.ToString());
    }

    [Fact]
    public async Task A_gateway_port_in_use_or_shared_with_the_engine_s_own_ports_is_refused_naming_its_key()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var busy = ((IPEndPoint)taken.LocalEndpoint).Port;
        var ports = FreePorts.Take(2);

        var inUse = await Assert.ThrowsAsync<MargoException>(() => Engine.StartAsync("tcp", EngineMode.Server, new EngineOptions { Gateway = { Port = busy } }).WithDeadline());
        var sharedWithAddress = await Assert.ThrowsAsync<MargoException>(() => Engine.StartAsync($"tcp://127.0.0.1:{ports[0]}", EngineMode.Server, new EngineOptions { Gateway = { Port = ports[0] } }).WithDeadline());
        var sharedWithSilo = await Assert.ThrowsAsync<MargoException>(() => Engine.StartAsync("tcp", EngineMode.Server, new EngineOptions { SiloPort = ports[1], Gateway = { Port = ports[1] } }).WithDeadline());

        Assert.Equal(MochiOrleans.MargoErrorCode.AlreadyExists, inUse.Code);
        Assert.Contains("Mochi:Gateway:Port", inUse.Message, StringComparison.Ordinal);
        Assert.Equal(MochiOrleans.MargoErrorCode.InvalidArgument, sharedWithAddress.Code);
        Assert.Contains("Mochi:Gateway:Port", sharedWithAddress.Message, StringComparison.Ordinal);
        Assert.Equal(MochiOrleans.MargoErrorCode.InvalidArgument, sharedWithSilo.Code);
        Assert.Contains("Mochi:Gateway:Port and Mochi:SiloPort are both", sharedWithSilo.Message, StringComparison.Ordinal);
    }
}
