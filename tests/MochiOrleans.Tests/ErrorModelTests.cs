using System.Diagnostics;
using MochiOrleans.Grains;
using MochiOrleans.Tests.Infrastructure;
using MochiOrleans.Tests.Providers;

namespace MochiOrleans.Tests;

/// <summary>Every call ends, promptly, with a result or a precise MargoException, and no input hurts the server.</summary>
[Collection(ClusterCollection.Name)]
public class ErrorModelTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_call_timeout_raises_Timeout_at_the_deadline_and_cancels_the_running_handler()
    {
        var (provider, call) = await RegisterAsync("controlled_wait_forever");
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<MargoException>(
            () => call.CallAsync<string>([], null, timeout: TimeSpan.FromMilliseconds(300)).WithDeadline());

        Assert.Equal(MargoErrorCode.Timeout, error.Code);
        Assert.Equal("controlled_wait_forever", error.RpcName);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"Timeout came after {watch.Elapsed}, not at the 300 ms deadline.");
        await provider.Cancelled.Task.WithDeadline();
    }

    [Fact]
    public async Task Cancelling_the_callers_token_raises_Canceled_and_cancels_the_handlers_token()
    {
        var (provider, call) = await RegisterAsync("controlled_wait_forever");
        using var cancellation = new CancellationTokenSource();

        var pending = call.CallAsync<string>([], null, cancellationToken: cancellation.Token);
        await provider.Started.Task.WithDeadline();
        await cancellation.CancelAsync();
        var error = await Assert.ThrowsAsync<MargoException>(() => pending.WithDeadline());

        Assert.Equal(MargoErrorCode.Canceled, error.Code);
        await provider.Cancelled.Task.WithDeadline();
    }

    [Fact]
    public async Task A_token_cancelled_before_the_call_raises_Canceled_and_runs_nothing()
    {
        var (provider, call) = await RegisterAsync("controlled_record");

        var error = await Assert.ThrowsAsync<MargoException>(
            () => call.CallAsync<string>(["never"], null, cancellationToken: new CancellationToken(canceled: true)).WithDeadline());

        Assert.Equal(MargoErrorCode.Canceled, error.Code);
        Assert.Empty(provider.Notes);
    }

    [Fact]
    public async Task A_server_declared_one_way_rpc_returns_at_once_and_still_runs()
    {
        var (provider, call) = await RegisterAsync("controlled_note");

        var response = await call.CallAsync<object?>("hello").WithDeadline();

        Assert.Null(response);
        await Deadline.UntilAsync(() => provider.Notes.Contains("hello"), "the one-way handler ran");
    }

    [Fact]
    public async Task A_client_side_one_way_call_returns_default_and_its_handler_runs()
    {
        var (provider, call) = await RegisterAsync("controlled_record", disableResponse: true);

        var response = await call.CallAsync<string>("fire").WithDeadline();

        Assert.Null(response);
        await Deadline.UntilAsync(() => provider.Notes.Contains("fire"), "the one-way handler ran");
    }

    [Fact]
    public async Task A_failing_one_way_handler_is_never_thrown_at_the_caller_and_the_provider_keeps_serving()
    {
        var (provider, call) = await RegisterAsync("controlled_note_then_fail");

        await call.CallAsync<object?>("before failure").WithDeadline();
        await Deadline.UntilAsync(() => provider.Notes.Contains("before failure"), "the failing one-way handler ran");

        var record = fixture.ClientEngine.Register("controlled_record").On(call.Address, call.ProviderId);
        Assert.Equal("after", await record.CallAsync<string>("after").WithDeadline());
    }

    [Fact]
    public async Task A_one_way_call_to_an_unknown_rpc_is_dropped_without_harm()
    {
        var call = fixture.ClientEngine.Register("nobody_serves_this_one_way", disableResponse: true).On(await PrimaryAsync(), 1);

        Assert.Null(await call.CallAsync<object?>().WithDeadline());
    }

    [Fact]
    public async Task An_argument_type_without_an_orleans_serializer_raises_InvalidArgument_naming_the_type()
    {
        var (_, call) = await RegisterAsync("controlled_type_of");

        var error = await Assert.ThrowsAsync<MargoException>(() => call.CallAsync<string>(new NotSerializable()).WithDeadline());

        Assert.Equal(MargoErrorCode.InvalidArgument, error.Code);
        Assert.Contains(typeof(NotSerializable).FullName!, error.Message, StringComparison.Ordinal);
        Assert.Equal("Int32", await call.CallAsync<string>(5).WithDeadline());
    }

    [Fact]
    public async Task A_nested_value_without_a_serializer_raises_InvalidArgument_and_harms_nothing()
    {
        var (_, call) = await RegisterAsync("controlled_type_of");

        var error = await Assert.ThrowsAsync<MargoException>(
            () => call.CallAsync<string>(new List<object> { new NotSerializable() }).WithDeadline());

        Assert.Equal(MargoErrorCode.InvalidArgument, error.Code);
        Assert.Equal("String", await call.CallAsync<string>("still fine").WithDeadline());
    }

    [Fact]
    public async Task A_response_without_a_serializer_raises_RemoteError_naming_the_type()
    {
        var (_, call) = await RegisterAsync("controlled_unserializable");

        var error = await Assert.ThrowsAsync<MargoException>(() => call.CallAsync<object?>().WithDeadline());

        Assert.Equal(MargoErrorCode.RemoteError, error.Code);
        Assert.Contains(typeof(NotSerializable).FullName!, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_64_MiB_argument_over_the_limit_raises_InvalidArgument_and_the_silo_keeps_serving()
    {
        var (_, call) = await RegisterAsync("controlled_length");

        var error = await Assert.ThrowsAsync<MargoException>(() => call.CallAsync<int>(new byte[64 * 1024 * 1024]).WithDeadline());

        Assert.Equal(MargoErrorCode.InvalidArgument, error.Code);
        Assert.Contains("MaxPayloadBytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(1024 * 1024, await call.CallAsync<int>(new byte[1024 * 1024]).WithDeadline());
    }

    [Fact]
    public async Task A_response_over_the_limit_raises_InvalidArgument_and_the_silo_keeps_serving()
    {
        var (_, call) = await RegisterAsync("controlled_blob");

        var error = await Assert.ThrowsAsync<MargoException>(() => call.CallAsync<byte[]>(64 * 1024 * 1024).WithDeadline());

        Assert.Equal(MargoErrorCode.InvalidArgument, error.Code);
        Assert.Equal(16, (await call.CallAsync<byte[]>(16).WithDeadline()).Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("new\nline")]
    public void An_empty_or_odd_rpc_name_raises_InvalidArgument(string name)
    {
        var error = Assert.Throws<MargoException>(() => fixture.ClientEngine.Register(name));

        Assert.Equal(MargoErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public async Task A_name_that_bypasses_the_facade_is_still_refused_by_the_dispatcher()
    {
        var dispatcher = fixture.Cluster.Client.GetGrain<IDispatchGrain>(0);

        var empty = await dispatcher.InvokeAsync(new RpcRequest("", 1, [], null, "test")).WithDeadline();
        var huge = await dispatcher.InvokeAsync(new RpcRequest(new string('x', 5000), 1, [], null, "test")).WithDeadline();

        Assert.Equal(MargoErrorCode.InvalidArgument, empty.Error?.Code);
        Assert.Equal(MargoErrorCode.InvalidArgument, huge.Error?.Code);
    }

    [Fact]
    public async Task Provider_id_65535_is_reserved()
    {
        var address = await PrimaryAsync();

#pragma warning disable MOCHI0007 // Deliberate: this test checks that the runtime refuses what the analyzer flags.
        var onCall = Assert.Throws<MargoException>(() => fixture.ClientEngine.Register("greeter_add").On(address, ushort.MaxValue));
        var onRegister = Assert.Throws<MargoException>(() => fixture.PrimaryEngine.RegisterProvider(new GreeterProvider(), ushort.MaxValue));
#pragma warning restore MOCHI0007

        Assert.Equal(MargoErrorCode.InvalidArgument, onCall.Code);
        Assert.Equal(MargoErrorCode.InvalidArgument, onRegister.Code);
    }

    [Fact]
    public async Task Calls_on_a_disposed_engine_raise_Permission()
    {
        var id = fixture.NextProviderId();
        fixture.PrimaryEngine.RegisterProvider(new GreeterProvider(), id);
        await using var engine = Engine.FromClusterClient(fixture.Cluster.Client);
        var add = engine.Register("greeter_add").On(await engine.LookupAsync(fixture.PrimaryEngine.Address.ToString()).WithDeadline(), id);
        Assert.Equal(2, await add.CallAsync<int>(1, 1).WithDeadline());

        await engine.DisposeAsync().WithDeadline();

        Assert.Equal(MargoErrorCode.Permission, (await Assert.ThrowsAsync<MargoException>(() => add.CallAsync<int>(1, 1).WithDeadline())).Code);
        Assert.Equal(MargoErrorCode.Permission, (await Assert.ThrowsAsync<MargoException>(() => engine.LookupAsync("tcp://127.0.0.1:1").WithDeadline())).Code);
    }

    [Fact]
    public async Task One_failing_call_among_a_hundred_concurrent_good_ones_leaves_the_good_ones_correct()
    {
        var id = fixture.NextProviderId();
        fixture.PrimaryEngine.RegisterProvider(new GreeterProvider(), id);
        var address = await PrimaryAsync();
        var add = fixture.ClientEngine.Register("greeter_add").On(address, id);
        var fail = fixture.ClientEngine.Register("greeter_fail").On(address, id);

        var good = Enumerable.Range(0, 100).Select(i => add.CallAsync<int>(i, i)).ToList();
        var bad = fail.CallAsync<object?>("one bad call");
        var results = await Task.WhenAll(good).WithDeadline();

        Assert.Equal(Enumerable.Range(0, 100).Select(i => 2 * i), results);
        Assert.Equal(MargoErrorCode.RemoteError, (await Assert.ThrowsAsync<MargoException>(() => bad.WithDeadline())).Code);
    }

    [Fact]
    public async Task Remote_stack_traces_stay_on_the_server_by_default()
    {
        var (_, call) = await RegisterAsync("controlled_throw");

        var error = await Assert.ThrowsAsync<MargoException>(() => call.CallAsync<object?>().WithDeadline());

        Assert.Equal(MargoErrorCode.RemoteError, error.Code);
        Assert.Null(error.RemoteStackTrace);
    }

    private async Task<(ControlledProvider Provider, CallableRemoteFunction Call)> RegisterAsync(string rpc, bool disableResponse = false)
    {
        var provider = new ControlledProvider();
        var id = fixture.NextProviderId();
        await fixture.PrimaryEngine.RegisterProviderAsync(provider, id).WithDeadline();
        return (provider, fixture.ClientEngine.Register(rpc, disableResponse).On(await PrimaryAsync(), id));
    }

    private Task<Address> PrimaryAsync() => fixture.ClientEngine.LookupAsync(fixture.PrimaryEngine.Address.ToString()).WithDeadline();
}
