using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using MochiOrleans.Cluster.Tests.Infrastructure;
using MochiOrleans.Gateway.Protocol;
using MargoErrorCode = MochiOrleans.MargoErrorCode;
using WireCode = MochiOrleans.Gateway.Protocol.MargoErrorCode;

namespace MochiOrleans.Cluster.Tests;

/// <summary>The silo host's gRPC gateway (Mochi:Gateway:Port): the same outcomes as a .NET client, the same tokens.</summary>
public sealed class GatewayHostTests
{
    private static readonly Dictionary<string, string> ValuesProvider = new()
    {
        ["Mochi__Host__ProviderPaths__0"] = Repository.ClusterProviders,
        ["Mochi__Host__Providers__0__Type"] = "ClusterProviders.ValuesProvider,ClusterProviders",
        ["Mochi__Host__Providers__0__Kind"] = "Instance",
        ["Mochi__Host__Providers__0__ProviderId"] = "7",
    };

    private static (SiloProcess Silo, GrpcChannel Channel) StartWithGateway(string name, Dictionary<string, string>? extra = null)
    {
        var (silo, port) = StartWithGatewayPort(name, extra);
        return (silo, GrpcChannel.ForAddress($"http://127.0.0.1:{port}"));
    }

    private static (SiloProcess Silo, int Port) StartWithGatewayPort(string name, Dictionary<string, string>? extra = null)
    {
        var port = FreePorts.Take(1)[0];
        var environment = new Dictionary<string, string>(ValuesProvider) { ["Mochi__Gateway__Port"] = port.ToString(CultureInfo.InvariantCulture) };
        foreach (var (key, value) in extra ?? [])
        {
            environment[key] = value;
        }

        return (SiloProcess.Start(name, environment), port);
    }

    private static Value Int(long v) => new() { Kind = Kind.Int, IntValue = v };

    private static Value Text(string s) => new() { Kind = Kind.String, StringValue = s };

    private static Metadata Tokens(string? access = null, string? admin = null)
    {
        var metadata = new Metadata();
        if (access is not null)
        {
            metadata.Add("mochi-access-token", access);
        }

        if (admin is not null)
        {
            metadata.Add("mochi-admin-token", admin);
        }

        return metadata;
    }

    [Fact]
    public async Task Calls_through_the_gateway_end_with_the_response_or_error_code_a_dotnet_client_gets()
    {
        var (silo, channel) = StartWithGateway("gateway-codes");
        await using var _ = silo;
        using var __ = channel;
        await silo.WaitUntilReadyAsync();
        var gateway = new MochiGateway.MochiGatewayClient(channel);
        await using var engine = await Engine.StartAsync("tcp", EngineMode.Client).WithDeadline();
        var address = await engine.LookupAsync(silo.EngineAddress).WithDeadline();

        (string Rpc, Value[] Args, double Timeout)[] calls =
        [
            ("values_add", [Int(1), Int(2)], 0),
            ("values_add", [Int(1L << 40), Int(1)], 0),
            ("values_add", [Int(1)], 0),
            ("values_no_such_rpc", [], 0),
            ("values_fail", [Text("boom")], 0),
            ("values_sleep", [new Value { Kind = Kind.Double, DoubleValue = 30 }], 0.5),
        ];
        foreach (var (rpc, args, timeout) in calls)
        {
            var request = new CallRequest { Address = silo.EngineAddress, RpcName = rpc, ProviderId = 7, TimeoutSeconds = timeout };
            request.Args.Add(args);
            var viaGateway = await gateway.CallAsync(request).ResponseAsync.WithDeadline();

            object?[] dotnetArgs = [.. args.Select(a => a.Kind switch
            {
                Kind.Int when a.IntValue is >= int.MinValue and <= int.MaxValue => (object?)(int)a.IntValue,
                Kind.Int => a.IntValue,
                Kind.Double => a.DoubleValue,
                _ => a.StringValue,
            })];
            MargoErrorCode? dotnetCode = null;
            object? dotnetValue = null;
            try
            {
                dotnetValue = await engine.Register(rpc).On(address, 7)
                    .CallAsync<object?>(dotnetArgs, null, timeout > 0 ? TimeSpan.FromSeconds(timeout) : null).WithDeadline();
            }
            catch (MargoException exception)
            {
                dotnetCode = exception.Code;
            }

            if (dotnetCode is { } code)
            {
                Assert.Equal(CallResponse.OutcomeOneofCase.Error, viaGateway.OutcomeCase);
                Assert.Equal((int)code, (int)viaGateway.Error.Code);
            }
            else
            {
                Assert.Equal(CallResponse.OutcomeOneofCase.Value, viaGateway.OutcomeCase);
                Assert.Equal(Convert.ToInt64(dotnetValue, CultureInfo.InvariantCulture), viaGateway.Value.IntValue);
            }
        }

        // A foreign address is not resolved from the silo: Unreachable, as a .NET client gets for an address with no engine.
        var foreign = await gateway.LookupAsync(new LookupRequest { Address = $"tcp://127.0.0.1:{FreePorts.Take(1)[0]}" }).ResponseAsync.WithDeadline();
        Assert.Equal(WireCode.Unreachable, foreign.Error.Code);
        var own = await gateway.LookupAsync(new LookupRequest()).ResponseAsync.WithDeadline();
        Assert.Equal(silo.EngineAddress, own.Address);
    }

    [Fact]
    public async Task The_gateway_requires_the_access_token_for_calls_and_the_admin_token_for_remote_shutdown()
    {
        var (silo, channel) = StartWithGateway("gateway-tokens", new()
        {
            ["Mochi__AccessToken"] = "access-secret",
            ["Mochi__AdminToken"] = "admin-secret",
            ["Mochi__EnableRemoteShutdown"] = "true",
        });
        await using var _ = silo;
        using var __ = channel;
        await silo.WaitUntilReadyAsync();
        var gateway = new MochiGateway.MochiGatewayClient(channel);
        var echo = new CallRequest { Address = silo.EngineAddress, RpcName = "values_echo", ProviderId = 7 };
        echo.Args.Add(Int(5));

        foreach (var tokens in new[] { Tokens(), Tokens("wrong") })
        {
            var refused = await gateway.CallAsync(echo, tokens).ResponseAsync.WithDeadline();
            Assert.Equal(WireCode.Permission, refused.Error.Code);
            Assert.DoesNotContain("secret", refused.Error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(5, (await gateway.CallAsync(echo, Tokens("access-secret")).ResponseAsync.WithDeadline()).Value.IntValue);
        var shutdown = new ShutdownRequest { Address = silo.EngineAddress };
        Assert.Equal(WireCode.Permission, (await gateway.ShutdownAsync(shutdown, Tokens("access-secret")).ResponseAsync.WithDeadline()).Error.Code);
        Assert.False(silo.HasExited);

        var accepted = await gateway.ShutdownAsync(shutdown, Tokens("access-secret", "admin-secret")).ResponseAsync.WithDeadline();
        Assert.Null(accepted.Error);
        Assert.Equal(0, await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task With_TLS_configured_the_gateway_serves_the_silo_certificate_and_requires_a_client_certificate_when_told()
    {
        using var authority = TestCertificateAuthority.Create("gateway-tls");
        var siloFiles = authority.IssueSilo("silo");
        var clientFiles = authority.IssueClient("client");
        var (silo, port) = StartWithGatewayPort("gateway-tls", new()
        {
            ["Mochi__TlsCaPath"] = authority.CaPath,
            ["Mochi__TlsCertificatePath"] = siloFiles.CertificatePath,
            ["Mochi__TlsKeyPath"] = siloFiles.KeyPath,
            ["Mochi__TlsRequireClientCertificate"] = "true",
        });
        await using var _ = silo;
        await silo.WaitForLineAsync("Mochi gateway (gRPC) listening", TimeSpan.FromSeconds(120));
        using var clientCertificate = X509Certificate2.CreateFromPemFile(clientFiles.CertificatePath, clientFiles.KeyPath);

        await TlsGatewayProbe.AssertServesOnlyTrustedClientsAsync(port, authority.CaPath, clientCertificate, silo.EngineAddress);
    }

    [Fact]
    public async Task Without_a_gateway_port_the_host_serves_no_gateway_and_an_invalid_one_is_refused_at_start()
    {
        await using var bad = SiloProcess.Start("gateway-bad", new Dictionary<string, string>
        {
            ["Mochi__Gateway__Port"] = "70000",
            ["Mochi__Gateway__ListenAddress"] = "not-an-ip",
            ["Mochi__Gateway__Colour"] = "blue",
        });
        Assert.Equal(Silo.Host.SiloHost.InvalidConfigurationExitCode, await bad.WaitForExitAsync());
        Assert.Contains("Mochi:Gateway:Port", bad.Log, StringComparison.Ordinal);
        Assert.Contains("Mochi:Gateway:ListenAddress", bad.Log, StringComparison.Ordinal);
        Assert.Contains("Mochi:Gateway:Colour", bad.Log, StringComparison.Ordinal);
    }
}
