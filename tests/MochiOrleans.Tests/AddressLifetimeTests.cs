using MochiOrleans.Tests.Infrastructure;
using MochiOrleans.Tests.Providers;

namespace MochiOrleans.Tests;

/// <summary>Addresses whose server went away or came back, and engines calling from their finalize phase.</summary>
public class AddressLifetimeTests
{
    [Fact]
    public async Task A_call_timeout_bounds_connecting_to_an_address_where_nothing_answers()
    {
        var gone = await GoneServerAddressAsync();
        await using var client = await Engine.StartAsync("tcp", EngineMode.Client, new EngineOptions { ConnectTimeout = TimeSpan.FromMinutes(2) }).WithDeadline();

        var error = await Assert.ThrowsAsync<MargoException>(
            () => client.Register("greeter_add").On(gone, 4).CallAsync<int>([1, 2], null, timeout: TimeSpan.FromSeconds(1)).WithDeadline());

        Assert.Equal(MargoErrorCode.Timeout, error.Code);
        Assert.Equal("greeter_add", error.RpcName);
    }

    [Fact]
    public async Task Disposing_a_client_engine_gives_up_a_connection_attempt_under_way_and_its_call_raises_Permission()
    {
        var gone = await GoneServerAddressAsync();
        await using var client = await Engine.StartAsync("tcp", EngineMode.Client, new EngineOptions { ConnectTimeout = TimeSpan.FromMinutes(2) }).WithDeadline();
        var call = client.Register("greeter_add").On(gone, 4).CallAsync<int>([1, 2], null, timeout: TimeSpan.FromMinutes(2));

        // Without giving the attempt up, disposal would wait out the two-minute connect timeout. (The second disposal,
        // by `await using`, finds the engine finalized and returns.)
        await client.DisposeAsync().WithDeadline();

        var error = await Assert.ThrowsAsync<MargoException>(() => call.WithDeadline());
        Assert.Equal(MargoErrorCode.Permission, error.Code);
        Assert.Equal("greeter_add", error.RpcName);
    }

    [Fact]
    public async Task An_unreachable_address_names_the_rpc_and_provider_id_being_called()
    {
        var gone = await GoneServerAddressAsync();
        await using var client = await Engine.StartAsync("tcp", EngineMode.Client, new EngineOptions { ConnectTimeout = TimeSpan.FromSeconds(1) }).WithDeadline();

        var error = await Assert.ThrowsAsync<MargoException>(
            () => client.Register("greeter_add").On(gone, 4).CallAsync<int>([1, 2], null, timeout: TimeSpan.FromSeconds(30)).WithDeadline());

        Assert.Equal(MargoErrorCode.Unreachable, error.Code);
        Assert.Equal("greeter_add", error.RpcName);
        Assert.Equal((ushort)4, error.ProviderId);
    }

    [Fact]
    public async Task Shutting_down_an_address_whose_server_restarted_on_the_same_endpoint_finalizes_the_new_server()
    {
        var options = new EngineOptions { EnableRemoteShutdown = true };
        var first = await Engine.StartAsync("tcp", options: options).WithDeadline();
        var endpoint = first.Address.ToString();
        await using var client = await Engine.StartAsync("tcp", EngineMode.Client).WithDeadline();
        var address = await client.LookupAsync(endpoint).WithDeadline();
        await first.DisposeAsync();

        await using var restarted = await Engine.StartAsync(endpoint, options: new EngineOptions { EnableRemoteShutdown = true }).WithDeadline();
        await address.ShutdownAsync().WithDeadline();

        await restarted.WaitForFinalizeAsync().WithDeadline();
    }

    [Fact]
    public async Task A_lookup_or_rpc_from_a_finalize_callback_or_hook_raises_Permission_even_for_the_engines_own_address()
    {
        var log = new LifecycleLog();
        var engine = await Engine.StartAsync().WithDeadline();
        engine.RegisterProvider(new GreeterProvider("self"), providerId: 2);
        Func<Task> lookupThenCall(string stage) => async () =>
        {
            try
            {
                var fresh = await engine.LookupAsync(engine.Address.ToString());
                log.Add($"{stage} lookup: ok");
                log.Add($"{stage} call: {await engine.Register("greeter_name").On(fresh, 2).CallAsync<string>()}");
            }
            catch (MargoException e)
            {
                log.Add($"{stage} lookup: {e.Code}");
            }
        };
        engine.RegisterProvider(new LifecycleProvider("provider", log, duringFinalize: lookupThenCall("provider finalize")), providerId: 1);
        engine.OnFinalize(lookupThenCall("engine finalize"));

        await engine.DisposeAsync().AsTask().WithDeadline();

        Assert.Contains("provider finalize lookup: Permission", log.Entries);
        Assert.Contains("engine finalize lookup: Permission", log.Entries);
    }

    /// <summary>The address of a server engine that has finalized: nothing listens there any more.</summary>
    private static async Task<Address> GoneServerAddressAsync()
    {
        var server = await Engine.StartAsync("tcp").WithDeadline();
        var address = server.Address;
        await server.DisposeAsync();
        return address;
    }
}
