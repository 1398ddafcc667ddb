using Microsoft.Extensions.DependencyInjection;
using MochiOrleans.Tests.Infrastructure;
using MochiOrleans.Tests.Providers;
using Orleans.Runtime;

namespace MochiOrleans.Tests;

/// <summary>Finalization inside a multi-silo cluster: one silo ends, the others serve on.</summary>
[Collection(ClusterCollection.Name)]
public class ClusterLifecycleTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Remote_shutdown_of_one_silo_finalizes_it_and_leaves_the_others_serving()
    {
        var extra = await fixture.Cluster.StartAdditionalSiloAsync().WithDeadline(TimeSpan.FromMinutes(1));
        var engine = fixture.EngineOf(extra);
        var log = new LifecycleLog();
        var instanceId = fixture.NextProviderId();
        engine.RegisterProvider(new LifecycleProvider("on-extra", log), instanceId);
        engine.EnableRemoteShutdown();
        var survivorId = fixture.NextProviderId();
        fixture.PrimaryEngine.RegisterProvider(new GreeterProvider("survivor"), survivorId);
        var address = await fixture.ClientEngine.LookupAsync(engine.Address.ToString()).WithDeadline();
        var primary = await fixture.ClientEngine.LookupAsync(fixture.PrimaryEngine.Address.ToString()).WithDeadline();
        Assert.Equal("on-extra", await fixture.ClientEngine.Register("lifecycle_ping").On(primary, instanceId).CallAsync<string>().WithDeadline());

        await address.ShutdownAsync().WithDeadline();
        await engine.WaitForFinalizeAsync().WithDeadline();

        Assert.Equal(["on-extra.prefinalize", "on-extra.finalize"], log.Entries);
        Assert.Equal("survivor", await fixture.ClientEngine.Register("greeter_name").On(primary, survivorId).CallAsync<string>().WithDeadline());
        Assert.True(await fixture.ClientEngine.Register("counter_increment").On(primary, ClusterFixture.VirtualCounterId).CallAsync<int>().WithDeadline() > 0);

        // Once the silo has left, its instance provider is gone: callers get a prompt error, never a hang. (A call
        // already in flight to a gateway that closes under it waits for its timeout: an Orleans client limitation,
        // see docs/deploy.md; the deadline here is shorter than Orleans' 30 s response timeout.)
        await fixture.Cluster.StopSiloAsync(extra).WithDeadline(TimeSpan.FromMinutes(1));
        var error = await Assert.ThrowsAsync<MargoException>(
            () => fixture.ClientEngine.Register("lifecycle_ping").On(primary, instanceId).CallAsync<string>().WithDeadline(TimeSpan.FromSeconds(20)));
        Assert.Contains(error.Code, new[] { MargoErrorCode.Unreachable, MargoErrorCode.NoEntry });
    }

    [Fact]
    public async Task An_accepted_remote_shutdown_stops_the_silo_when_the_caller_confirms_it_has_the_answer()
    {
        var extra = await fixture.Cluster.StartAdditionalSiloAsync().WithDeadline(TimeSpan.FromMinutes(1));
        var engine = fixture.EngineOf(extra);
        engine.EnableRemoteShutdown();
        var control = fixture.Cluster.Client.GetGrain<MochiOrleans.Grains.ISiloControlGrain>(MochiOrleans.Internal.Registry.SiloIdentity.KeyOf(extra.SiloAddress));

        Assert.True(await control.ShutdownAsync().WithDeadline());

        // Not a timing assertion: the silo must not stop on its own while the caller may still be waiting for the
        // answer (it used to, after a fixed 200 ms head start), so it is still serving a second later.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.True(engine.Listening);
        await control.ConfirmShutdownAsync().WithDeadline();
        await engine.WaitForFinalizeAsync().WithDeadline();
        Assert.False(engine.Listening);
        await fixture.Cluster.StopSiloAsync(extra).WithDeadline(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Remote_shutdown_of_a_silo_that_did_not_enable_it_raises_Permission()
    {
        var address = await fixture.ClientEngine.LookupAsync(fixture.SecondaryEngine.Address.ToString()).WithDeadline();

        var error = await Assert.ThrowsAsync<MargoException>(() => address.ShutdownAsync().WithDeadline());

        Assert.Equal(MargoErrorCode.Permission, error.Code);
        Assert.True(fixture.SecondaryEngine.Listening);
    }

    [Fact]
    public async Task An_idle_virtual_provider_runs_its_prefinalize_and_finalize_hooks_once_when_collected_and_an_instance_provider_is_never_collected()
    {
        var instanceLog = new LifecycleLog();
        var instanceId = fixture.NextProviderId();
        fixture.PrimaryEngine.RegisterProvider(new LifecycleProvider("kept", instanceLog), instanceId);
        var primary = await fixture.ClientEngine.LookupAsync(fixture.PrimaryEngine.Address.ToString()).WithDeadline();
        var id = await fixture.ClientEngine.Register("ephemeral_ping").On(primary, ClusterFixture.VirtualEphemeralId).CallAsync<string>().WithDeadline();
        var logs = fixture.Cluster.Silos.Select(fixture.LogOf).ToList();

        // From a silo: the management grain is refused to clients (docs/security.md).
        await fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Primary!.SiloAddress).GetRequiredService<IGrainFactory>()
            .GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero).WithDeadline();

        await Deadline.UntilAsync(() => logs.Any(l => l.Count($"{id}.finalize") == 1), "the collected virtual provider finalized");
        Assert.Equal(1, logs.Sum(l => l.Count($"{id}.prefinalize")));
        Assert.Equal(1, logs.Sum(l => l.Count($"{id}.finalize")));
        Assert.Empty(instanceLog.Entries);
        Assert.Equal("kept", await fixture.ClientEngine.Register("lifecycle_ping").On(primary, instanceId).CallAsync<string>().WithDeadline());
        Assert.NotEqual(id, await fixture.ClientEngine.Register("ephemeral_ping").On(primary, ClusterFixture.VirtualEphemeralId).CallAsync<string>().WithDeadline());
    }
}
