using MochiOrleans.Tests.Infrastructure;

namespace MochiOrleans.Tests;

/// <summary>Virtual providers, configured with <c>AddMochi(m => m.AddProvider&lt;T&gt;(id))</c> on every silo.</summary>
[Collection(ClusterCollection.Name)]
public class VirtualProviderTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_virtual_provider_is_reached_from_the_client_and_from_both_silos_as_one_provider()
    {
        var increment = "counter_increment";
        var primary = await fixture.ClientEngine.LookupAsync(fixture.PrimaryEngine.Address.ToString()).WithDeadline();
        var fromClient = fixture.ClientEngine.Register(increment).On(primary, ClusterFixture.VirtualCounterId);
        var fromPrimary = fixture.PrimaryEngine.Register(increment).On(fixture.PrimaryEngine.Address, ClusterFixture.VirtualCounterId);
        var fromSecondary = fixture.SecondaryEngine.Register(increment).On(fixture.SecondaryEngine.Address, ClusterFixture.VirtualCounterId);

        var first = await fromClient.CallAsync<int>().WithDeadline();
        var second = await fromPrimary.CallAsync<int>().WithDeadline();
        var third = await fromSecondary.CallAsync<int>().WithDeadline();

        // One activation serves all three callers, wherever it was placed.
        Assert.Equal([first + 1, first + 2], new[] { second, third });
    }

    [Fact]
    public async Task A_virtual_provider_lives_on_a_silo_of_the_cluster()
    {
        var silo = await fixture.ClientEngine.Register("counter_silo")
            .On(await fixture.ClientEngine.LookupAsync(fixture.SecondaryEngine.Address.ToString()).WithDeadline(), ClusterFixture.VirtualCounterId)
            .CallAsync<string>()
            .WithDeadline();

        Assert.Contains(silo, fixture.Cluster.Silos.Select(s => s.SiloAddress.ToParsableString()));
    }
}
