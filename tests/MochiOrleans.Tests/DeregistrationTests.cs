using Microsoft.Extensions.DependencyInjection;
using System.Runtime.CompilerServices;
using MochiOrleans.Tests.Infrastructure;
using MochiOrleans.Tests.Providers;
using Orleans.Runtime;

namespace MochiOrleans.Tests;

/// <summary>Deregistering a provider's last RPC ends the provider: hooks once, grain deactivated, object released.</summary>
[Collection(ClusterCollection.Name)]
public class DeregistrationTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Deregistering_the_last_rpc_of_a_provider_runs_its_prefinalize_then_finalize_hooks_once()
    {
        var log = new LifecycleLog();
        var id = fixture.NextProviderId();
        var rpcs = fixture.PrimaryEngine.RegisterProvider(new LifecycleProvider("leaving", log), id);

        rpcs["lifecycle_ping"].Deregister();

        await Deadline.UntilAsync(() => log.Count("leaving.finalize") == 1, "the deregistered provider finalized");
        Assert.Equal(["leaving.prefinalize", "leaving.finalize"], log.Entries);
        var primary = await fixture.ClientEngine.LookupAsync(fixture.PrimaryEngine.Address.ToString()).WithDeadline();
        var error = await Assert.ThrowsAsync<MargoException>(() => fixture.ClientEngine.Register("lifecycle_ping").On(primary, id).CallAsync<string>().WithDeadline());
        Assert.Equal(MargoErrorCode.NoEntry, error.Code);
    }

    [Fact]
    public async Task Register_deregister_cycles_release_provider_objects_and_grain_activations()
    {
        const int cycles = 30;
        // From a silo: the management grain is refused to clients (docs/security.md).
        var management = fixture.Cluster.GetSiloServiceProvider(fixture.Cluster.Primary!.SiloAddress).GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var before = await ProviderActivationsAsync(management);
        var released = new List<WeakReference>();
        var log = new LifecycleLog();

        for (var i = 0; i < cycles; i++)
        {
            released.Add(RegisterAndDeregister(fixture.PrimaryEngine, fixture.NextProviderId(), log));
            await Deadline.UntilAsync(() => log.Count("cycle.finalize") == i + 1, $"cycle {i} finalized");
        }

        Assert.Equal(cycles, log.Count("cycle.prefinalize"));
        await Deadline.UntilAsync(
            async () =>
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                await management.ForceActivationCollection(TimeSpan.Zero).WithDeadline();
                return released.All(r => !r.IsAlive) && await ProviderActivationsAsync(management) <= before + 1;
            },
            "the deregistered providers were released and their idle grains collected");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference RegisterAndDeregister(Engine engine, ushort id, LifecycleLog log)
    {
        var provider = new LifecycleProvider("cycle", log);
        engine.RegisterProvider(provider, id)["lifecycle_ping"].Deregister();
        return new WeakReference(provider);
    }

    private static async Task<int> ProviderActivationsAsync(IManagementGrain management) =>
        (await management.GetSimpleGrainStatistics().WithDeadline())
            .Where(s => s.GrainType.Contains("ProviderGrain", StringComparison.Ordinal))
            .Sum(s => s.ActivationCount);
}
