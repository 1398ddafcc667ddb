using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MochiOrleans.Grains;
using MochiOrleans.Tests.Infrastructure;
using MochiOrleans.Tests.Providers;

namespace MochiOrleans.Tests;

/// <summary>
/// EngineOptions.AccessToken and AdminToken on an engine started with <c>Engine.StartAsync</c>: missing, wrong and
/// right tokens, for calls, lookups and remote shutdown.
/// </summary>
public sealed class AccessTokenTests : IAsyncLifetime
{
    private const string AccessToken = "access-1f0e6b2c";
    private const string AdminToken = "admin-9a3d71e5";
    private const ushort ProbeId = 5;

    private Engine _server = null!;

    public async Task InitializeAsync()
    {
        _server = await Engine.StartAsync("tcp", options: new EngineOptions { AccessToken = AccessToken, AdminToken = AdminToken }).WithDeadline(TimeSpan.FromMinutes(1));
        _server.RegisterProvider(new ProbeProvider(), ProbeId);
        _server.EnableRemoteShutdown();
    }

    public Task DisposeAsync() => _server.DisposeAsync().AsTask().WithDeadline(TimeSpan.FromMinutes(1));

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    public async Task A_client_without_the_right_access_token_is_refused_Permission(string? token)
    {
        await using var client = await ClientAsync(token);

        var lookup = await Assert.ThrowsAsync<MargoException>(() => client.Engine.LookupAsync(_server.Address.ToString()).WithDeadline());
        var response = await client.Client.GetGrain<IDispatchGrain>(0).InvokeAsync(new RpcRequest("probe_ping", ProbeId, [], null, null)).WithDeadline();

        Assert.Equal(MargoErrorCode.Permission, lookup.Code);
        Assert.Equal(MargoErrorCode.Permission, response.Error?.Code);
        Assert.DoesNotContain(AccessToken, lookup.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AccessToken, response.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_engine_with_the_right_access_token_calls_providers()
    {
        await using var client = await Engine.StartAsync("tcp", EngineMode.Client, new EngineOptions { AccessToken = AccessToken }).WithDeadline();

        var address = await client.LookupAsync(_server.Address.ToString()).WithDeadline(TimeSpan.FromMinutes(1));

        Assert.Equal("pong", await client.Register("probe_ping").On(address, ProbeId).CallAsync<string>().WithDeadline());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-admin")]
    public async Task Remote_shutdown_without_the_right_admin_token_is_refused_Permission(string? adminToken)
    {
        await using var client = await ClientAsync(AccessToken, adminToken);
        var address = await client.Engine.LookupAsync(_server.Address.ToString()).WithDeadline();

        var error = await Assert.ThrowsAsync<MargoException>(() => address.ShutdownAsync().WithDeadline());

        Assert.Equal(MargoErrorCode.Permission, error.Code);
        Assert.DoesNotContain(AdminToken, error.Message, StringComparison.Ordinal);
        Assert.True(_server.Listening);
    }

    [Fact]
    public async Task Remote_shutdown_with_the_admin_token_finalizes_the_engine()
    {
        await using var client = await ClientAsync(AccessToken, AdminToken);
        var address = await client.Engine.LookupAsync(_server.Address.ToString()).WithDeadline();

        await address.ShutdownAsync().WithDeadline();

        await _server.WaitForFinalizeAsync().WithDeadline();
        Assert.False(_server.Listening);
    }

    [Fact]
    public void A_blank_token_is_refused_rather_than_meaning_none()
    {
        Assert.Throws<ArgumentException>(() => new EngineOptions { AccessToken = "" });
        Assert.Throws<ArgumentException>(() => new EngineOptions { AdminToken = "  " });
    }

    private Task<OrleansClientHost> ClientAsync(string? accessToken, string? adminToken = null)
    {
        var gateway = new Uri(_server.Address.ToString());
        return OrleansClientHost.StartAsync(
            new IPEndPoint(IPAddress.Parse(gateway.Host), gateway.Port),
            clusterId: "mochi",
            serviceId: "mochi",
            client => client.Services.Configure<EngineOptions>(o =>
            {
                o.AccessToken = accessToken;
                o.AdminToken = adminToken;
            }));
    }
}

/// <summary>Calls between the silos of a cluster whose silos require tokens.</summary>
[Collection(SecuredClusterCollection.Name)]
public sealed class SecuredClusterTokenTests(SecuredClusterFixture fixture)
{
    [Fact]
    public async Task Calls_between_silos_of_the_cluster_need_no_token()
    {
        var id = fixture.NextProviderId();
        fixture.SecondaryEngine.RegisterProvider(new ProbeProvider(), id);

        var answer = await fixture.PrimaryEngine.Register("probe_ping").On(fixture.SecondaryEngine.Address, id).CallAsync<string>().WithDeadline();

        Assert.Equal("pong", answer);
    }
}
