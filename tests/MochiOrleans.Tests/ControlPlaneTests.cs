using MochiOrleans.Grains;
using MochiOrleans.Internal.Registry;
using MochiOrleans.Tests.Infrastructure;
using MochiOrleans.Tests.Providers;
using Orleans.Runtime;

namespace MochiOrleans.Tests;

/// <summary>
/// The attacks of issue 10, replayed with a plain Orleans client that knows the internal grain interfaces and presents
/// the right tokens: each is refused by the control plane, has no effect, and normal calls still work afterwards.
/// </summary>
[Collection(SecuredClusterCollection.Name)]
public sealed class ControlPlaneTests(SecuredClusterFixture fixture)
{
    private IClusterClient Attacker => fixture.Cluster.Client;

    [Fact]
    public async Task Publishing_a_snapshot_with_the_highest_version_from_a_client_is_refused_and_routing_survives()
    {
        var (id, _) = RegisterProbe(fixture.SecondaryEngine);
        var secondary = fixture.Cluster.SecondarySilos[0];
        var primaryDirectory = fixture.SiloService<ClusterDirectory>(fixture.Cluster.Primary!);
        await Deadline.UntilAsync(() => primaryDirectory.TryResolve("probe_ping", id, out _), "the primary silo routes the probe");

        var wipe = new SiloRegistrations(SiloIdentity.KeyOf(secondary.SiloAddress), fixture.SecondaryEngine.Address.ToString(), long.MaxValue, []);
        var error = await Assert.ThrowsAsync<MargoException>(
            () => Attacker.GetGrain<ISiloRegistryGrain>(SiloIdentity.KeyOf(fixture.Cluster.Primary!.SiloAddress)).PublishAsync(wipe).WithDeadline());

        Assert.Equal(MargoErrorCode.Permission, error.Code);
        Assert.True(primaryDirectory.TryResolve("probe_ping", id, out _));
        Assert.Equal("pong", await CallThroughGatewayAsync("probe_ping", id));
    }

    [Fact]
    public async Task Reading_a_silo_registry_from_a_client_is_refused()
    {
        var error = await Assert.ThrowsAsync<MargoException>(
            () => Attacker.GetGrain<ISiloRegistryGrain>(SiloIdentity.KeyOf(fixture.Cluster.Primary!.SiloAddress)).GetRegistrationsAsync().WithDeadline());

        Assert.Equal(MargoErrorCode.Permission, error.Code);
    }

    [Fact]
    public async Task A_snapshot_with_a_malformed_silo_key_is_refused_even_from_a_silo_and_the_view_keeps_working()
    {
        var primary = fixture.Cluster.Primary!;
        var primaryKey = SiloIdentity.KeyOf(primary.SiloAddress);
        var malformed = new SiloRegistrations("not a silo", "tcp://10.9.9.9:1", 1, []);
        var fromClient = await Assert.ThrowsAsync<MargoException>(
            () => Attacker.GetGrain<ISiloRegistryGrain>(primaryKey).PublishAsync(malformed).WithDeadline());
        Assert.Equal(MargoErrorCode.Permission, fromClient.Code);

        // A faulty peer silo gets past the filter; the snapshot check still keeps the key out of the view.
        var siloGrains = fixture.SiloService<IGrainFactory>(fixture.Cluster.SecondarySilos[0]);
        await Assert.ThrowsAnyAsync<ArgumentException>(
            () => siloGrains.GetGrain<ISiloRegistryGrain>(primaryKey).PublishAsync(malformed).WithDeadline());

        var directory = fixture.SiloService<ClusterDirectory>(primary);
        Assert.False(directory.Table.SilosByEngineAddress.ContainsKey("tcp://10.9.9.9:1"));
        var (id, _) = RegisterProbe(fixture.SecondaryEngine);
        await Deadline.UntilAsync(() => directory.TryResolve("probe_ping", id, out _), "the primary silo still takes in new registrations");
    }

    [Fact]
    public async Task Provider_lifecycle_calls_from_a_client_are_refused_and_no_hook_runs()
    {
        var (id, probe) = RegisterProbe(fixture.PrimaryEngine);
        var lifecycle = Attacker.GetGrain<IProviderLifecycleGrain>($"probe:{id}");

        var prefinalize = await Assert.ThrowsAsync<MargoException>(() => lifecycle.PrefinalizeAsync().WithDeadline());
        var release = await Assert.ThrowsAsync<MargoException>(() => lifecycle.ReleaseAsync(Guid.NewGuid()).WithDeadline());
        var claim = await Assert.ThrowsAsync<MargoException>(() => lifecycle.ClaimAsync(Guid.NewGuid()).WithDeadline());

        Assert.All(new[] { prefinalize, release, claim }, e => Assert.Equal(MargoErrorCode.Permission, e.Code));
        Assert.Equal(0, probe.Prefinalized);
        Assert.Equal("pong", await CallThroughGatewayAsync("probe_ping", id));
    }

    [Fact]
    public async Task A_forged_server_caller_is_replaced_by_the_client_the_runtime_saw()
    {
        var (id, _) = RegisterProbe(fixture.PrimaryEngine);

        var seen = await CallThroughGatewayAsync("probe_caller", id, caller: "tcp://10.6.6.6:666");
        var direct = await Attacker.GetGrain<IProviderGrain>($"probe:{id}")
            .InvokeAsync(new RpcRequest("probe_caller", id, [], null, fixture.SecondaryEngine.Address.ToString())).WithDeadline();

        Assert.StartsWith("client://", seen);
        Assert.Null(direct.Error);
        Assert.StartsWith("client://", (string)direct.Value!);
    }

    [Fact]
    public async Task A_client_request_naming_no_caller_shows_handlers_the_client_the_runtime_saw()
    {
        var (id, _) = RegisterProbe(fixture.PrimaryEngine);

        var throughDispatcher = await CallThroughGatewayAsync("probe_caller", id, caller: null);
        var direct = await Attacker.GetGrain<IProviderGrain>($"probe:{id}")
            .InvokeAsync(new RpcRequest("probe_caller", id, [], null, caller: null)).WithDeadline();

        Assert.Null(direct.Error);
        Assert.StartsWith("client://", throughDispatcher);
        Assert.Equal(throughDispatcher, (string)direct.Value!);
    }

    [Fact]
    public async Task Handlers_still_see_their_real_callers()
    {
        var (id, _) = RegisterProbe(fixture.PrimaryEngine);
        var client = fixture.ClientEngine;

        var fromClient = await client.Register("probe_caller").On(fixture.PrimaryEngine.Address, id).CallAsync<string>().WithDeadline();
        var fromSilo = await fixture.SecondaryEngine.Register("probe_caller").On(fixture.PrimaryEngine.Address, id).CallAsync<string>().WithDeadline();

        Assert.Equal(client.Address.ToString(), fromClient);
        Assert.Equal(fixture.SecondaryEngine.Address.ToString(), fromSilo);
    }

    [Fact]
    public async Task Requests_with_null_fields_answer_InvalidArgument_without_a_stack_trace()
    {
        var (id, _) = RegisterProbe(fixture.PrimaryEngine);
        var dispatcher = Attacker.GetGrain<IDispatchGrain>(0);

        var nullName = await dispatcher.InvokeAsync(new RpcRequest(null!, id, [], null, null)).WithDeadline();
        var nullRequest = await dispatcher.InvokeAsync(null!).WithDeadline();
        var nullNameDirect = await Attacker.GetGrain<IProviderGrain>($"probe:{id}").InvokeAsync(new RpcRequest(null!, id, [], null, null)).WithDeadline();
        var nullArgs = await dispatcher.InvokeAsync(new RpcRequest("probe_ping", id, null!, null, null)).WithDeadline();

        Assert.All(new[] { nullName, nullRequest, nullNameDirect, nullArgs }, response =>
        {
            Assert.Equal(MargoErrorCode.InvalidArgument, response.Error?.Code);
            Assert.Null(response.Error!.RemoteStackTrace);
        });
        Assert.Equal("pong", await CallThroughGatewayAsync("probe_ping", id));
    }

    [Fact]
    public async Task Orleans_management_grain_is_refused_to_clients()
    {
        var management = Attacker.GetGrain<IManagementGrain>(0);

        var hosts = await Assert.ThrowsAsync<MargoException>(() => management.GetHosts().WithDeadline());
        var detailed = await Assert.ThrowsAsync<MargoException>(() => management.GetDetailedHosts().WithDeadline());

        Assert.Equal(MargoErrorCode.Permission, hosts.Code);
        Assert.Equal(MargoErrorCode.Permission, detailed.Code);
        Assert.DoesNotContain(Environment.MachineName, hosts.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Silos_still_reach_the_management_grain()
    {
        var hosts = await fixture.SiloService<IGrainFactory>(fixture.Cluster.Primary!).GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WithDeadline();

        Assert.Equal(2, hosts.Count);
    }

    [Fact]
    public async Task Handlers_never_see_the_tokens_a_client_presented()
    {
        var (id, _) = RegisterProbe(fixture.SecondaryEngine);

        Assert.Equal("|", await CallThroughGatewayAsync("probe_tokens", id));
    }

    private (ushort Id, ProbeProvider Probe) RegisterProbe(Engine engine)
    {
        var id = fixture.NextProviderId();
        var probe = new ProbeProvider();
        engine.RegisterProvider(probe, id);
        return (id, probe);
    }

    private async Task<string?> CallThroughGatewayAsync(string rpcName, ushort id, string? caller = null)
    {
        var response = await Attacker.GetGrain<IDispatchGrain>(0).InvokeAsync(new RpcRequest(rpcName, id, [], null, caller)).WithDeadline();
        Assert.Null(response.Error);
        return (string?)response.Value;
    }
}
