using MochiOrleans.Tests.Infrastructure;
using MochiOrleans.Tests.Providers;

namespace MochiOrleans.Tests;

/// <summary>Listing the providers of a two-silo cluster through either silo's address.</summary>
[Collection(ClusterCollection.Name)]
public class ClusterProviderListingTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_listing_shows_each_virtual_provider_once_and_each_instance_provider_on_the_engine_it_lives_on()
    {
        var id = fixture.NextProviderId();
        fixture.SecondaryEngine.RegisterProvider(new GreeterProvider("secondary"), id);
        var primary = await fixture.ClientEngine.LookupAsync(fixture.PrimaryEngine.Address.ToString()).WithDeadline();

        var providers = await fixture.ClientEngine.ListProvidersAsync(primary).WithDeadline();

        var counter = Assert.Single(providers, p => p.ProviderId == ClusterFixture.VirtualCounterId);
        Assert.Equal(("counter", "virtual", (string?)null), (counter.ServiceName, counter.Kind, counter.Location));
        Assert.NotEmpty(counter.Rpcs);
        var greeter = Assert.Single(providers, p => p.ProviderId == id);
        Assert.Equal(("greeter", "instance", fixture.SecondaryEngine.Address.ToString()), (greeter.ServiceName, greeter.Kind, greeter.Location));
    }

    [Fact]
    public async Task Deregistering_a_virtual_provider_remotely_raises_InvalidArgument_and_it_keeps_serving()
    {
        fixture.SecondaryEngine.EnableRemoteProviderControl();
        var secondary = await fixture.ClientEngine.LookupAsync(fixture.SecondaryEngine.Address.ToString()).WithDeadline();

        var refused = await Assert.ThrowsAsync<MargoException>(() => secondary.DeregisterProviderAsync("counter", ClusterFixture.VirtualCounterId).WithDeadline());

        Assert.Equal(MargoErrorCode.InvalidArgument, refused.Code);
        Assert.Contains(await fixture.ClientEngine.ListProvidersAsync(secondary).WithDeadline(), p => p.ProviderId == ClusterFixture.VirtualCounterId);
    }
}
