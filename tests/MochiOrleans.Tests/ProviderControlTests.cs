using MochiOrleans.Tests.Infrastructure;
using MochiOrleans.Tests.Providers;

namespace MochiOrleans.Tests;

/// <summary>Listing a cluster's providers and deregistering one remotely, between standalone engines over TCP.</summary>
public class ProviderControlTests
{
    [Fact]
    public async Task Listing_over_tcp_shows_every_provider_with_its_kind_location_rpcs_parameters_and_response_types()
    {
        await using var server = await Engine.StartAsync().WithDeadline();
        server.RegisterProvider(new GreeterProvider("listed"), providerId: 4);
        server.RegisterProvider(new HooksOnlyProvider("hooks", new LifecycleLog()), providerId: 5);
        server.Register("adder", (int a, int b = 2) => a + b, providerId: 6);
        await using var client = await Engine.StartAsync(mode: EngineMode.Client).WithDeadline();
        var address = await client.LookupAsync(server.Address.ToString()).WithDeadline();

        var fromClient = await client.ListProvidersAsync(address).WithDeadline();
        var fromServer = await server.ListProvidersAsync(server.Address).WithDeadline();

        Assert.Equal([("", 5), ("adder", 6), ("greeter", 4)], fromClient.Select(p => (p.ServiceName, p.ProviderId)));
        Assert.All(fromClient, p => Assert.Equal(("instance", server.Address.ToString()), (p.Kind, p.Location)));
        Assert.Empty(fromClient[0].Rpcs);
        var adder = Assert.Single(fromClient[1].Rpcs);
        Assert.Equal(("adder", false, "int"), (adder.Name, adder.DisableResponse, adder.ResponseType));
        Assert.Equal([new RpcParameterInfo("a", "int", false), new RpcParameterInfo("b", "int", true)], adder.Parameters);
        var greeter = fromClient[2].Rpcs.ToDictionary(r => r.Name);
        Assert.Equal(
            [new RpcParameterInfo("firstname", "string", false), new RpcParameterInfo("lastname", "string", false)],
            greeter["greeter_say_hello"].Parameters);
        Assert.Equal("object", greeter["greeter_say_hello"].ResponseType);
        Assert.Equal([new RpcParameterInfo("value", "long", false), new RpcParameterInfo("ratio", "double", false)], greeter["greeter_widen"].Parameters);
        Assert.Equal([new RpcParameterInfo("first", "string", false), new RpcParameterInfo("second", "string", true)], greeter["greeter_concat"].Parameters);
        Assert.Equal("string", greeter["greeter_echo"].ResponseType);
        Assert.Equal("void", greeter["greeter_fail_later"].ResponseType);
        Assert.Equal("void", greeter["greeter_fail"].ResponseType);
        Assert.Empty(greeter["greeter_forget"].Parameters);
        Assert.Equal(
            fromClient.Select(p => (p.ServiceName, p.ProviderId, p.Kind, p.Location, string.Join(",", p.Rpcs.Select(r => r.Name)))),
            fromServer.Select(p => (p.ServiceName, p.ProviderId, p.Kind, p.Location, string.Join(",", p.Rpcs.Select(r => r.Name)))));
    }

    [Fact]
    public async Task Deregistering_a_provider_remotely_with_consent_runs_its_hooks_once_and_the_engine_keeps_serving_the_others()
    {
        var log = new LifecycleLog();
        await using var server = await Engine.StartAsync().WithDeadline();
        server.RegisterProvider(new LifecycleProvider("stopped", log), providerId: 1);
        server.RegisterProvider(new GreeterProvider("kept"), providerId: 1);
        server.RegisterProvider(new HooksOnlyProvider("hooks", log), providerId: 7);
        server.EnableRemoteProviderControl();
        await using var client = await Engine.StartAsync(mode: EngineMode.Client).WithDeadline();
        var address = await client.LookupAsync(server.Address.ToString()).WithDeadline();

        await address.DeregisterProviderAsync("lifecycle", 1).WithDeadline();

        Assert.Equal(["stopped.prefinalize", "stopped.finalize"], log.Entries);
        var gone = await Assert.ThrowsAsync<MargoException>(() => client.Register("lifecycle_ping").On(address, 1).CallAsync<string>().WithDeadline());
        Assert.Equal(MargoErrorCode.NoEntry, gone.Code);
        Assert.Equal(5, await client.Register("greeter_add").On(address, 1).CallAsync<int>(2, 3).WithDeadline());
        Assert.Equal(["", "greeter"], (await client.ListProvidersAsync(address).WithDeadline()).Select(p => p.ServiceName));
        await address.DeregisterProviderAsync("", 7).WithDeadline();
        Assert.Equal(["stopped.prefinalize", "stopped.finalize", "hooks.prefinalize", "hooks.finalize"], log.Entries);
        var again = await Assert.ThrowsAsync<MargoException>(() => address.DeregisterProviderAsync("lifecycle", 1).WithDeadline());
        Assert.Equal(MargoErrorCode.NoEntry, again.Code);
        var unknown = await Assert.ThrowsAsync<MargoException>(() => address.DeregisterProviderAsync("greeter", 2).WithDeadline());
        Assert.Equal(MargoErrorCode.NoEntry, unknown.Code);

        await server.FinalizeAsync().WithDeadline();
        await server.DisposeAsync().WithDeadline();
        Assert.Equal(["stopped.prefinalize", "stopped.finalize", "hooks.prefinalize", "hooks.finalize"], log.Entries);
    }

    [Fact]
    public async Task Deregistering_a_provider_of_an_engine_without_consent_raises_Permission_and_it_keeps_serving()
    {
        var log = new LifecycleLog();
        await using var server = await Engine.StartAsync().WithDeadline();
        server.RegisterProvider(new LifecycleProvider("kept", log), providerId: 3);
        await using var client = await Engine.StartAsync(mode: EngineMode.Client).WithDeadline();
        var address = await client.LookupAsync(server.Address.ToString()).WithDeadline();

        var refused = await Assert.ThrowsAsync<MargoException>(() => address.DeregisterProviderAsync("lifecycle", 3).WithDeadline());
        var refusedUnknown = await Assert.ThrowsAsync<MargoException>(() => address.DeregisterProviderAsync("nothing", 9).WithDeadline());

        Assert.Equal(MargoErrorCode.Permission, refused.Code);
        Assert.Equal(MargoErrorCode.Permission, refusedUnknown.Code);
        Assert.Equal("kept", await client.Register("lifecycle_ping").On(address, 3).CallAsync<string>().WithDeadline());
        Assert.Empty(log.Entries);
        Assert.Equal(MargoErrorCode.ModeMismatch, Assert.Throws<MargoException>(client.EnableRemoteProviderControl).Code);
    }

    [Fact]
    public async Task Consent_may_come_from_the_options()
    {
        await using var server = await Engine.StartAsync(options: new EngineOptions { EnableRemoteProviderControl = true }).WithDeadline();
        server.RegisterProvider(typeof(MathFunctions), providerId: 2);
        await using var client = await Engine.StartAsync(mode: EngineMode.Client).WithDeadline();
        var address = await client.LookupAsync(server.Address.ToString()).WithDeadline();

        await address.DeregisterProviderAsync("math", 2).WithDeadline();

        var gone = await Assert.ThrowsAsync<MargoException>(() => client.Register("math_square").On(address, 2).CallAsync<int>(3).WithDeadline());
        Assert.Equal(MargoErrorCode.NoEntry, gone.Code);
    }
}
