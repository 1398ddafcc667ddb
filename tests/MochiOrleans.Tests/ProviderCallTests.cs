using MochiOrleans.Grains;
using MochiOrleans.Tests.Infrastructure;
using MochiOrleans.Tests.Providers;

namespace MochiOrleans.Tests;

/// <summary>Calls through the engine facade to instance providers in a two-silo cluster.</summary>
[Collection(ClusterCollection.Name)]
public class ProviderCallTests(ClusterFixture fixture)
{
    [Fact]
    public async Task The_tutorial_call_with_a_keyword_argument_gets_the_handlers_response()
    {
        var id = await RegisterGreeterAsync();
        var hello = fixture.ClientEngine.Register("greeter_say_hello");

        var response = await hello.On(await PrimaryAddressAsync(), id)
            .CallAsync<string>(["Matthieu"], new Dictionary<string, object?> { ["lastname"] = "Dorier" })
            .WithDeadline();

        Assert.Equal("Good bye Matthieu (Dorier, from greeter)", response);
    }

    [Fact]
    public async Task A_return_value_is_the_response_and_rpc_names_follow_the_naming_rules()
    {
        var id = await RegisterGreeterAsync();
        var address = await PrimaryAddressAsync();

        Assert.Equal(5, await Call<int>("greeter_add", address, id, 2, 3));
        Assert.Equal("hi", await Call<string>("greeter_echo", address, id, "hi"));
        Assert.Equal("a!", await Call<string>("greeter_concat", address, id, "a"));
    }

    [Fact]
    public async Task Numeric_arguments_and_responses_widen_without_loss()
    {
        var id = await RegisterGreeterAsync();

        var response = await Call<long>("greeter_widen", await PrimaryAddressAsync(), id, 10, 2.5f);

        Assert.Equal(25L, response);
    }

    [Fact]
    public async Task One_provider_class_serves_several_provider_ids_each_with_its_own_object()
    {
        var first = fixture.NextProviderId();
        var second = fixture.NextProviderId();
        fixture.PrimaryEngine.RegisterProvider(new GreeterProvider("first"), first);
        fixture.PrimaryEngine.RegisterProvider(new GreeterProvider("second"), second);
        var address = await PrimaryAddressAsync();

        Assert.Equal("first", await Call<string>("greeter_name", address, first));
        Assert.Equal("second", await Call<string>("greeter_name", address, second));
    }

    [Fact]
    public async Task A_static_class_is_a_provider()
    {
        var id = fixture.NextProviderId();
        var registered = fixture.PrimaryEngine.RegisterProvider(typeof(MathFunctions), id);
        var address = await PrimaryAddressAsync();

        Assert.Equal(["math_negate", "math_square"], registered.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(49, await Call<int>("math_square", address, id, 7));
        Assert.Equal(-1.5, await Call<double>("math_negate", address, id, 1.5));
    }

    [Fact]
    public async Task A_single_function_registered_with_a_delegate_is_callable()
    {
        var id = fixture.NextProviderId();
        fixture.PrimaryEngine.Register("triple", (int x) => 3 * x, id);

        Assert.Equal(21, await Call<int>("triple", await PrimaryAddressAsync(), id, 7));
    }

    [Fact]
    public async Task Calling_an_unknown_rpc_raises_MargoException_with_NoEntry()
    {
        var error = await Assert.ThrowsAsync<MargoException>(() => Call<object?>("nobody_serves_this", fixture.PrimaryEngine.Address, 1));

        Assert.Equal(MargoErrorCode.NoEntry, error.Code);
        Assert.Equal("nobody_serves_this", error.RpcName);
        Assert.Contains("No RPC named", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calling_a_known_rpc_on_an_unknown_provider_id_raises_NoEntry_naming_the_ids_that_serve_it()
    {
        var id = await RegisterGreeterAsync();

        var error = await Assert.ThrowsAsync<MargoException>(() => Call<int>("greeter_add", fixture.PrimaryEngine.Address, 65000, 1, 2));

        Assert.Equal(MargoErrorCode.NoEntry, error.Code);
        Assert.Equal((ushort)65000, error.ProviderId);
        Assert.Contains(id.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_throwing_handler_raises_RemoteError_and_the_next_call_still_works()
    {
        var id = await RegisterGreeterAsync();
        var address = await PrimaryAddressAsync();

        var sync = await Assert.ThrowsAsync<MargoException>(() => Call<object?>("greeter_fail", address, id, "boom"));
        var async = await Assert.ThrowsAsync<MargoException>(() => Call<object?>("greeter_fail_later", address, id, "later"));

        Assert.Equal(MargoErrorCode.RemoteError, sync.Code);
        Assert.Equal(typeof(InvalidOperationException).FullName, sync.RemoteExceptionType);
        Assert.Equal("boom", sync.Message);
        Assert.Equal(MargoErrorCode.RemoteError, async.Code);
        Assert.Equal("later", async.Message);
        Assert.Equal(3, await Call<int>("greeter_add", address, id, 1, 2));
    }

    [Fact]
    public async Task A_handler_that_returns_without_responding_gives_NoResponse_without_waiting_for_a_timeout()
    {
        var id = await RegisterGreeterAsync();

        // A deadline far below Orleans' 30 s response timeout: the failure must be immediate, not a timeout.
        var error = await Assert.ThrowsAsync<MargoException>(
            () => Call<object?>("greeter_forget", fixture.PrimaryEngine.Address, id).WithDeadline(TimeSpan.FromSeconds(10)));

        Assert.Equal(MargoErrorCode.NoResponse, error.Code);
    }

    [Fact]
    public async Task Respond_answers_at_once_while_the_handler_goes_on_and_the_handle_names_the_caller()
    {
        var id = await RegisterGreeterAsync();

        var callerAddress = await Call<string>("greeter_respond_early", fixture.PrimaryEngine.Address, id, 60_000).WithDeadline(TimeSpan.FromSeconds(10));
        var described = await Call<string>("greeter_caller", fixture.PrimaryEngine.Address, id);

        Assert.Equal(fixture.ClientEngine.Address.ToString(), callerAddress);
        Assert.Equal($"greeter_caller@{id}", described);
    }

    [Fact]
    public async Task A_thousand_concurrent_calls_are_all_answered_correctly()
    {
        var id = await RegisterGreeterAsync();
        var add = fixture.ClientEngine.Register("greeter_add").On(await PrimaryAddressAsync(), id);

        var results = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => add.CallAsync<int>(i, 1000))).WithDeadline(TimeSpan.FromMinutes(1));

        Assert.Equal(Enumerable.Range(1000, 1000), results);
    }

    [Fact]
    public async Task Registering_a_provider_id_twice_in_the_cluster_raises_AlreadyExists()
    {
        var id = await RegisterGreeterAsync();

        var onSameSilo = Assert.Throws<MargoException>(() => fixture.PrimaryEngine.RegisterProvider(new GreeterProvider(), id));
        var onOtherSilo = Assert.Throws<MargoException>(() => fixture.SecondaryEngine.RegisterProvider(new GreeterProvider(), id));

        Assert.Equal(MargoErrorCode.AlreadyExists, onSameSilo.Code);
        Assert.Equal(MargoErrorCode.AlreadyExists, onOtherSilo.Code);
        Assert.Equal("greeter", await Call<string>("greeter_name", fixture.PrimaryEngine.Address, id));
    }

    [Fact]
    public async Task A_provider_registered_on_one_silo_is_reachable_through_every_engine_of_the_cluster()
    {
        var id = fixture.NextProviderId();
        fixture.SecondaryEngine.RegisterProvider(new GreeterProvider("secondary"), id);
        var name = fixture.PrimaryEngine.Register("greeter_name");

        var fromPrimary = await name.On(fixture.PrimaryEngine.Address, id).CallAsync<string>().WithDeadline();
        var fromClient = await Call<string>("greeter_name", await PrimaryAddressAsync(), id);

        Assert.Equal("secondary", fromPrimary);
        Assert.Equal("secondary", fromClient);
    }

    [Fact]
    public async Task A_deregistered_rpc_is_no_longer_served()
    {
        var id = fixture.NextProviderId();
        var registered = fixture.PrimaryEngine.RegisterProvider(new GreeterProvider(), id);
        Assert.Equal(3, await Call<int>("greeter_add", fixture.PrimaryEngine.Address, id, 1, 2));

        registered["greeter_add"].Deregister();

        var error = await Assert.ThrowsAsync<MargoException>(() => Call<int>("greeter_add", fixture.PrimaryEngine.Address, id, 1, 2));
        Assert.Equal(MargoErrorCode.NoEntry, error.Code);
        Assert.Null(fixture.PrimaryEngine.Registered("greeter_add", id));
        Assert.NotNull(fixture.PrimaryEngine.Registered("greeter_echo", id));
    }

    [Fact]
    public async Task A_caller_whose_cached_resolution_went_stale_reaches_the_new_provider()
    {
        var id = fixture.NextProviderId();
        var original = fixture.PrimaryEngine.Register("stale", () => "original", id);
        var call = fixture.ClientEngine.Register("stale").On(await PrimaryAddressAsync(), id);
        Assert.Equal("original", await call.CallAsync<string>().WithDeadline());

        original.Deregister();
        fixture.PrimaryEngine.RegisterProvider(new ReplacementProvider(), id);

        Assert.Equal("replacement", await call.CallAsync<string>().WithDeadline());
    }

    [Fact]
    public async Task A_caller_whose_cached_method_index_went_stale_still_calls_the_rpc_it_named()
    {
        var id = fixture.NextProviderId();
        var first = fixture.PrimaryEngine.RegisterProvider(new ShuffleProvider(), id);
        var call = fixture.ClientEngine.Register("shuffle_middle").On(await PrimaryAddressAsync(), id);
        Assert.Equal("middle (first registration)", await call.CallAsync<string>().WithDeadline());

        // Registered again under the same grain key, with another RPC at the position the caller cached.
        first["shuffle_middle"].Deregister();
        fixture.PrimaryEngine.RegisterProvider(new ShuffleProviderWithMore(), id);

        Assert.Equal("middle (second registration)", await call.CallAsync<string>().WithDeadline());
        Assert.Equal("middle (second registration)", await call.CallAsync<string>().WithDeadline());
        Assert.Equal("alpha", await fixture.ClientEngine.Register("shuffle_alpha").On(await PrimaryAddressAsync(), id).CallAsync<string>().WithDeadline());
    }

    [Fact]
    public async Task A_resolution_gives_the_rpcs_position_in_its_providers_method_table_and_a_request_of_another_generation_is_NoEntry()
    {
        var id = fixture.NextProviderId();
        fixture.PrimaryEngine.RegisterProvider(new ShuffleProviderWithMore(), id);
        var client = fixture.Cluster.Client;

        var resolution = await client.GetGrain<IDispatchGrain>(0).ResolveAsync("shuffle_middle", id).WithDeadline();
        var provider = client.GetGrain<IProviderGrain>(resolution.GrainKey!);
        var current = await provider.InvokeAsync(RpcRequest.ByIndex(resolution.MethodIndex, resolution.TableGeneration, id, [], null, null)).WithDeadline();
        var stale = await provider.InvokeAsync(RpcRequest.ByIndex(resolution.MethodIndex, resolution.TableGeneration + 1, id, [], null, null)).WithDeadline();
        var outOfRange = await provider.InvokeAsync(RpcRequest.ByIndex(2, resolution.TableGeneration, id, [], null, null)).WithDeadline();

        Assert.Equal(1, resolution.MethodIndex);
        Assert.NotEqual(0, resolution.TableGeneration);
        Assert.Equal("middle (second registration)", current.Value);
        Assert.Equal(MargoErrorCode.NoEntry, stale.Error?.Code);
        Assert.Equal(MargoErrorCode.NoEntry, outOfRange.Error?.Code);
    }

    [Fact]
    public async Task A_function_registered_again_after_deregistration_serves_again()
    {
        var id = fixture.NextProviderId();
        var address = await PrimaryAddressAsync();
        fixture.PrimaryEngine.Register("again", () => 1, id).Deregister();

        fixture.PrimaryEngine.Register("again", () => 2, id);

        Assert.Equal(2, await Call<int>("again", address, id));
    }

    [Fact]
    public void Server_operations_on_a_client_engine_raise_ModeMismatch()
    {
        var error = Assert.Throws<MargoException>(() => fixture.ClientEngine.RegisterProvider(new GreeterProvider(), 1));

        Assert.Equal(MargoErrorCode.ModeMismatch, error.Code);
        Assert.Equal(MargoErrorCode.ModeMismatch, Assert.Throws<MargoException>(fixture.ClientEngine.EnableRemoteShutdown).Code);
    }

    [Fact]
    public async Task An_engine_address_round_trips_through_LookupAsync()
    {
        var address = await PrimaryAddressAsync();
        var secondary = await fixture.ClientEngine.LookupAsync(fixture.SecondaryEngine.Address.ToString()).WithDeadline();

        Assert.Equal(fixture.PrimaryEngine.Address, address);
        Assert.Equal(fixture.PrimaryEngine.Address.ToString(), address.ToString());
        Assert.NotEqual(address, secondary);
    }

    private async Task<ushort> RegisterGreeterAsync()
    {
        var id = fixture.NextProviderId();
        await fixture.PrimaryEngine.RegisterProviderAsync(new GreeterProvider(), id).WithDeadline();
        return id;
    }

    private Task<Address> PrimaryAddressAsync() => fixture.ClientEngine.LookupAsync(fixture.PrimaryEngine.Address.ToString()).WithDeadline();

    private Task<T> Call<T>(string rpc, Address address, ushort providerId, params object?[] args) =>
        fixture.ClientEngine.Register(rpc).On(address, providerId).CallAsync<T>(args).WithDeadline();
}
