using MochiOrleans.Grains;
using MochiOrleans.Tests.Infrastructure;
using MochiOrleans.Tests.Providers;

namespace MochiOrleans.Tests;

/// <summary>EngineOptions.AccessToken and AdminToken: missing, wrong and right, for calls, lookups and remote shutdown.</summary>
[Collection(SecuredClusterCollection.Name)]
public sealed class AccessTokenTests(SecuredClusterFixture fixture)
{
    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    public async Task A_client_without_the_right_access_token_is_refused_Permission(string? token)
    {
        var id = RegisterProbe();
        await using var client = await fixture.ClientAsync(token);

        var lookup = await Assert.ThrowsAsync<MargoException>(() => client.Engine.LookupAsync(fixture.PrimaryEngine.Address.ToString()).WithDeadline());
        var response = await client.Client.GetGrain<IDispatchGrain>(0).InvokeAsync(new RpcRequest("probe_ping", id, [], null, null)).WithDeadline();

        Assert.Equal(MargoErrorCode.Permission, lookup.Code);
        Assert.Equal(MargoErrorCode.Permission, response.Error?.Code);
        Assert.DoesNotContain(SecuredClusterFixture.AccessToken, lookup.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SecuredClusterFixture.AccessToken, response.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_with_the_right_access_token_calls_providers()
    {
        var id = RegisterProbe();
        await using var client = await fixture.ClientAsync(SecuredClusterFixture.AccessToken);

        var address = await client.Engine.LookupAsync(fixture.PrimaryEngine.Address.ToString()).WithDeadline();

        Assert.Equal("pong", await client.Engine.Register("probe_ping").On(address, id).CallAsync<string>().WithDeadline());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-admin")]
    public async Task Remote_shutdown_without_the_right_admin_token_is_refused_Permission(string? adminToken)
    {
        var engine = fixture.SecondaryEngine;
        engine.EnableRemoteShutdown();
        await using var client = await fixture.ClientAsync(SecuredClusterFixture.AccessToken, adminToken);
        var address = await client.Engine.LookupAsync(engine.Address.ToString()).WithDeadline();

        var error = await Assert.ThrowsAsync<MargoException>(() => address.ShutdownAsync().WithDeadline());

        Assert.Equal(MargoErrorCode.Permission, error.Code);
        Assert.True(engine.Listening);
    }

    [Fact]
    public async Task Remote_shutdown_with_the_admin_token_finalizes_the_engine()
    {
        var extra = await fixture.Cluster.StartAdditionalSiloAsync().WithDeadline(TimeSpan.FromMinutes(1));
        var engine = fixture.Cluster.EngineOf(extra);
        engine.EnableRemoteShutdown();
        await using var client = await fixture.ClientAsync(SecuredClusterFixture.AccessToken, SecuredClusterFixture.AdminToken);
        var address = await client.Engine.LookupAsync(engine.Address.ToString()).WithDeadline();

        await address.ShutdownAsync().WithDeadline();

        await engine.WaitForFinalizeAsync().WithDeadline();
        Assert.False(engine.Listening);
        await fixture.Cluster.StopSiloAsync(extra).WithDeadline(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Calls_between_silos_of_the_cluster_need_no_token()
    {
        var id = fixture.NextProviderId();
        fixture.SecondaryEngine.RegisterProvider(new ProbeProvider(), id);

        var answer = await fixture.PrimaryEngine.Register("probe_ping").On(fixture.SecondaryEngine.Address, id).CallAsync<string>().WithDeadline();

        Assert.Equal("pong", answer);
    }

    [Fact]
    public void A_blank_token_is_refused_rather_than_meaning_none()
    {
        Assert.Throws<ArgumentException>(() => new EngineOptions { AccessToken = "" });
        Assert.Throws<ArgumentException>(() => new EngineOptions { AdminToken = "  " });
    }

    private ushort RegisterProbe()
    {
        var id = fixture.NextProviderId();
        fixture.PrimaryEngine.RegisterProvider(new ProbeProvider(), id);
        return id;
    }
}
