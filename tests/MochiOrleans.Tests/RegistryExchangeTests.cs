using MochiOrleans.Grains;
using MochiOrleans.Internal.Providers;
using MochiOrleans.Internal.Registry;
using MochiOrleans.Tests.Infrastructure;
using MochiOrleans.Tests.Providers;

namespace MochiOrleans.Tests;

/// <summary>
/// The exchange of registrations between silos: whatever one silo may register, the others take in, so that a call
/// resolves on whichever silo dispatches it.
/// </summary>
[Collection(ClusterCollection.Name)]
public class RegistryExchangeTests(ClusterFixture fixture)
{
    public static TheoryData<Type, string?> RegistrationShapes => new()
    {
        { typeof(GreeterProvider), null },
        { typeof(GreeterProvider), "renamed" },
        { typeof(ServicelessProvider), null },
        { typeof(ReplacementProvider), null },
        { typeof(NamingProvider), null },
    };

    [Theory]
    [MemberData(nameof(RegistrationShapes))]
    public void Every_provider_registration_a_silo_can_make_passes_the_check_its_peers_apply(Type providerType, string? serviceName)
    {
        var registration = ProviderRegistration.ForProvider(ProviderModel.For(providerType), instance: null, isInstance: false, 42, serviceName);

        Assert.Null(SiloRegistrationsCheck.Problem(SnapshotOf(registration), ownSiloKey: "127.0.0.1:2@2"));
    }

    [Fact]
    public void A_function_registration_passes_the_check_its_peers_apply()
    {
        var registration = ProviderRegistration.ForFunction("standalone:function", () => 1, 42);

        Assert.Null(SiloRegistrationsCheck.Problem(SnapshotOf(registration), ownSiloKey: "127.0.0.1:2@2"));
    }

    [Fact]
    public async Task A_provider_without_a_service_name_is_routed_from_every_silo_and_hides_nothing_registered_after_it()
    {
        // Its grain key is ":id". The other silo used to refuse every snapshot of a silo serving such a provider, so
        // from then on nothing registered there could be called through it.
        var servicelessId = fixture.NextProviderId();
        var greeterId = fixture.NextProviderId();
        fixture.PrimaryEngine.RegisterProvider(new ReplacementProvider(), servicelessId);
        fixture.PrimaryEngine.RegisterProvider(new GreeterProvider("after"), greeterId);

        // A server engine dispatches through its own silo: these calls resolve on the secondary.
        var caller = fixture.SecondaryEngine;
        var primary = await caller.LookupAsync(fixture.PrimaryEngine.Address.ToString()).WithDeadline();

        Assert.Equal("replacement", await caller.Register("stale").On(primary, servicelessId).CallAsync<string>().WithDeadline());
        Assert.Equal("after", await caller.Register("greeter_name").On(primary, greeterId).CallAsync<string>().WithDeadline());
    }

    private static SiloRegistrations SnapshotOf(ProviderRegistration registration) =>
        new("127.0.0.1:1@1", "tcp://127.0.0.1:1", 1, [registration.ToRecord()]);
}
