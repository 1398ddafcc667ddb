using Microsoft.Extensions.DependencyInjection;
using MochiOrleans.Grains;
using MochiOrleans.Internal;
using MochiOrleans.Tests.Infrastructure;
using MochiOrleans.Tests.Providers;
using Orleans.Serialization;

namespace MochiOrleans.Tests;

/// <summary>
/// Nothing a caller sends or a handler returns can crash a process or break a connection: nesting depth, payload
/// size, serializability and string integrity are checked both ways, and again on arrival for senders that bypass
/// the engine.
/// </summary>
[Collection(ClusterCollection.Name)]
public class ValueLimitTests(ClusterFixture fixture)
{
    private const int HostileDepth = 17_000;

    [Theory]
    [InlineData("L")]
    [InlineData("A")]
    [InlineData("D")]
    [InlineData("T")]
    [InlineData("V")]
    [InlineData("P")]
    [InlineData("B")]
    [InlineData("LADTVPB")]
    public async Task An_argument_one_level_deeper_than_MaxNestingDepth_raises_InvalidArgument_and_one_at_the_limit_arrives_whole(string kinds)
    {
        var depth = await CallAsync("values_depth");

        var error = await Assert.ThrowsAsync<MargoException>(() => depth.CallAsync<int>(NestingOracle.Build(65, kinds, 1)).WithDeadline());

        Assert.Equal(MargoErrorCode.InvalidArgument, error.Code);
        Assert.Contains("MaxNestingDepth", error.Message, StringComparison.Ordinal);
        Assert.Equal(64, await depth.CallAsync<int>(NestingOracle.Build(64, kinds, 1)).WithDeadline());
    }

    [Fact]
    public async Task An_argument_nested_17000_lists_deep_raises_InvalidArgument_before_serializing_and_the_caller_survives()
    {
        var depth = await CallAsync("values_depth");

        var error = await Assert.ThrowsAsync<MargoException>(() => depth.CallAsync<int>(NestingOracle.Build(HostileDepth, "L", 1)).WithDeadline());

        Assert.Equal(MargoErrorCode.InvalidArgument, error.Code);
        Assert.Equal(1, await depth.CallAsync<int>(new List<int> { 1 }).WithDeadline());
    }

    [Fact]
    public async Task A_keyword_argument_nested_too_deep_raises_InvalidArgument()
    {
        var depth = await CallAsync("values_depth");

        var error = await Assert.ThrowsAsync<MargoException>(
            () => depth.CallAsync<int>([], new Dictionary<string, object?> { ["value"] = NestingOracle.Build(HostileDepth, "DB", 1) }).WithDeadline());

        Assert.Equal(MargoErrorCode.InvalidArgument, error.Code);
    }

    [Fact]
    public async Task MaxNestingDepth_set_on_the_engine_bounds_its_calls()
    {
        var shallow = Engine.FromClusterClient(fixture.Cluster.Client, new EngineOptions { MaxNestingDepth = 3 });
        var (address, id) = await RegisterAsync();
        var depth = shallow.Register("values_depth").On(await shallow.LookupAsync(address.ToString()).WithDeadline(), id);

        Assert.Equal(3, await depth.CallAsync<int>(NestingOracle.Build(3, "L", 1)).WithDeadline());
        Assert.Equal(MargoErrorCode.InvalidArgument, (await Assert.ThrowsAsync<MargoException>(() => depth.CallAsync<int>(NestingOracle.Build(4, "L", 1)).WithDeadline())).Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public async Task MaxNestingDepth_outside_1_to_1000_is_refused_at_start_naming_its_key(int depth)
    {
        var error = await Assert.ThrowsAsync<MargoException>(() => Engine.StartAsync(options: new EngineOptions { MaxNestingDepth = depth }).WithDeadline());

        Assert.Equal(MargoErrorCode.InvalidArgument, error.Code);
        Assert.Contains("Mochi:MaxNestingDepth", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(49L * ValueProvider.MiB)]
    public async Task MaxPayloadBytes_outside_1_byte_to_48_MiB_is_refused_at_start_naming_its_key(long bytes)
    {
        var error = await Assert.ThrowsAsync<MargoException>(() => Engine.StartAsync(mode: EngineMode.Client, options: new EngineOptions { MaxPayloadBytes = bytes }).WithDeadline());

        Assert.Equal(MargoErrorCode.InvalidArgument, error.Code);
        Assert.Contains("Mochi:MaxPayloadBytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("L")]
    [InlineData("D")]
    [InlineData("B")]
    [InlineData("LADTVPB")]
    public async Task A_handler_response_nested_too_deep_raises_RemoteError_and_the_silo_keeps_serving(string kinds)
    {
        var nested = await CallAsync("values_nested");

        foreach (var depth in new[] { 65, HostileDepth })
        {
            var error = await Assert.ThrowsAsync<MargoException>(() => nested.CallAsync<object?>(depth, kinds).WithDeadline());
            Assert.Equal(MargoErrorCode.RemoteError, error.Code);
            Assert.Contains("MaxNestingDepth", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(64, NestingOracle.DepthOf(await nested.CallAsync<object?>(64, kinds).WithDeadline()));
    }

    [Fact]
    public async Task A_hostile_client_sending_17000_nested_lists_straight_to_the_grains_gets_InvalidArgument_and_the_silo_keeps_serving()
    {
        var (address, id) = await RegisterAsync();
        var hostile = await SerializeAsync(new object?[] { NestingOracle.Build(HostileDepth, "L", 1) });
        var dispatcher = fixture.Cluster.Client.GetGrain<IDispatchGrain>(0);
        var key = (await dispatcher.ResolveAsync("values_depth", id).WithDeadline()).GrainKey!;
        var provider = fixture.Cluster.Client.GetGrain<IProviderGrain>(key);
        var request = new RpcRequest("values_depth", id, new WireValue(new SerializedValue(hostile)), default, caller: null);

        // The cluster's client reaches the silos over their gateway: these calls are serialized.
        var direct = await provider.InvokeAsync(request).WithDeadline();
        var dispatched = await dispatcher.InvokeAsync(request).WithDeadline();
        await provider.PostAsync(request).WithDeadline();

        Assert.Equal(MargoErrorCode.InvalidArgument, direct.Error?.Code);
        Assert.Contains("MaxNestingDepth", direct.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(MargoErrorCode.InvalidArgument, dispatched.Error?.Code);
        var depth = fixture.ClientEngine.Register("values_depth").On(await fixture.ClientEngine.LookupAsync(address.ToString()).WithDeadline(), id);
        Assert.Equal(2, await depth.CallAsync<int>(NestingOracle.Build(2, "L", 1)).WithDeadline());
    }

    [Fact]
    public async Task A_response_arriving_17000_levels_deep_is_refused_as_RemoteError_without_being_deserialized()
    {
        var serializer = fixture.Cluster.Client.ServiceProvider.GetRequiredService<Serializer>();
        var hostile = await SerializeAsync(NestingOracle.Build(HostileDepth, "L", 1));
        var sent = serializer.SerializeToArray(RpcResponse.FromValue(new SerializedValue(hostile)));

        var received = serializer.Deserialize<RpcResponse>(sent)!;

        Assert.Equal(MargoErrorCode.RemoteError, received.Error?.Code);
        Assert.Contains("MaxNestingDepth", received.Error!.Message, StringComparison.Ordinal);
        Assert.Null(received.Value);
    }

    public static TheoryData<string, byte[]> MalformedValues => new()
    {
        { "garbage", [0xA5, 0x01, 0x02, 0xFF, 0x13] },
        { "truncated", [0x20, 0x41] },
        { "ends more levels than it opens", [0x20, 0xE0, 0xE0] },
        { "length beyond the block", [0x40, 0x7F, 0x01] },
        { "an encoded type name nested 100,000 generics deep", EncodedTypeName(new string('[', 100_000) + new string(']', 100_000)) },
        { "a flat list claiming more leaves than it holds", [0xA1, 0xFF, 0xFF, 0xFF, 0x7F, 0x00] },
        { "a flat leaf of an unknown kind", [0xA0, 0x09] },
        { "a flat string longer than the block", [0xA0, 0x06, 0x10, 0x00, 0x00, 0x00, 0x41] },
        { "a flat byte array of negative length", [0xA0, 0x07, 0xFF, 0xFF, 0xFF, 0xFF] },
        { "a flat number cut short", [0xA0, 0x04, 0x01, 0x02] },
        { "bytes after a flat leaf", [0xA0, 0x00, 0x00] },
    };

    [Theory]
    [MemberData(nameof(MalformedValues))]
    public void Bytes_that_are_not_a_well_formed_value_are_refused_on_arrival_without_throwing(string what, byte[] bytes)
    {
        var serializer = fixture.Cluster.Client.ServiceProvider.GetRequiredService<Serializer>();
        var sent = serializer.SerializeToArray(new RpcRequest("values_depth", 1, new WireValue(new SerializedValue(bytes)), default, null));

        var received = serializer.Deserialize<RpcRequest>(sent)!;

        Assert.True(received.Refusal is not null, what);
        Assert.Empty(received.Args);
    }

    [Fact]
    public async Task A_120_MiB_argument_inside_a_dictionary_raises_InvalidArgument_and_the_connection_keeps_serving()
    {
        var depth = await CallAsync("values_depth");

        var error = await Assert.ThrowsAsync<MargoException>(
            () => depth.CallAsync<int>(new Dictionary<string, object> { ["blob"] = new byte[120 * ValueProvider.MiB] }).WithDeadline());

        Assert.Equal(MargoErrorCode.InvalidArgument, error.Code);
        Assert.Contains("MaxPayloadBytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await depth.CallAsync<int>(new List<int> { 1 }).WithDeadline());
    }

    public static TheoryData<string> LargeContainers => ["dictionary", "pair", "tuple", "value tuple", "record", "memory", "read-only memory", "deep list"];

    [Theory]
    [MemberData(nameof(LargeContainers))]
    public async Task Every_byte_of_every_container_counts_against_MaxPayloadBytes(string container)
    {
        var depth = await CallAsync("values_depth");
        var blob = new byte[17 * ValueProvider.MiB];
        object value = container switch
        {
            "dictionary" => new Dictionary<int, byte[]> { [1] = blob },
            "pair" => new KeyValuePair<int, byte[]>(1, blob),
            "tuple" => Tuple.Create(1, blob),
            "value tuple" => (1, blob),
            "record" => new Box(blob),
            "memory" => new Memory<byte>(blob),
            "read-only memory" => new ReadOnlyMemory<byte>(blob),
            _ => NestingOracle.Build(20, "L", blob)!,
        };

        var error = await Assert.ThrowsAsync<MargoException>(() => depth.CallAsync<int>(value).WithDeadline());

        Assert.Equal(MargoErrorCode.InvalidArgument, error.Code);
        Assert.Contains("MaxPayloadBytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_response_over_MaxPayloadBytes_inside_a_dictionary_raises_RemoteError_and_the_silo_keeps_serving()
    {
        var inDictionary = await CallAsync("values_in_dictionary");

        var error = await Assert.ThrowsAsync<MargoException>(() => inDictionary.CallAsync<object>(20 * ValueProvider.MiB).WithDeadline());

        Assert.Equal(MargoErrorCode.RemoteError, error.Code);
        Assert.Contains("MaxPayloadBytes", error.Message, StringComparison.Ordinal);
        Assert.IsType<Dictionary<string, object?>>(await inDictionary.CallAsync<object>(16).WithDeadline());
    }

    [Fact]
    public async Task A_hostile_client_sending_arguments_over_the_silos_MaxPayloadBytes_gets_InvalidArgument()
    {
        var (_, id) = await RegisterAsync();
        var serializer = fixture.Cluster.Client.ServiceProvider.GetRequiredService<Serializer>();
        var oversized = serializer.SerializeToArray<object>(new object?[] { new byte[17 * ValueProvider.MiB] });
        var dispatcher = fixture.Cluster.Client.GetGrain<IDispatchGrain>(0);

        var response = await dispatcher.InvokeAsync(new RpcRequest("values_depth", id, new WireValue(new SerializedValue(oversized)), default, null)).WithDeadline();

        Assert.Equal(MargoErrorCode.InvalidArgument, response.Error?.Code);
        Assert.Contains("MaxPayloadBytes", response.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ArraySegment_of_bytes_counts_its_length_once_not_eight_times()
    {
        var depth = await CallAsync("values_depth");
        var segment = new ArraySegment<byte>(new byte[3 * ValueProvider.MiB]);

        // 3 MiB fit the 16 MiB default; counted eight times over (24 MiB), they did not.
        Assert.Equal(0, await depth.CallAsync<int>(segment).WithDeadline());
        Assert.InRange(ValueInspection.Inspect(segment, ValueLimits.Default, codecs: null).Bytes, segment.Count, segment.Count + 64);
    }

    [Fact]
    public async Task A_response_holding_a_value_Orleans_cannot_serialize_raises_RemoteError_since_the_handler_ran()
    {
        var call = await CallAsync("values_unserializable_in_list");

        var error = await Assert.ThrowsAsync<MargoException>(() => call.CallAsync<object?>().WithDeadline());

        Assert.Equal(MargoErrorCode.RemoteError, error.Code);
        Assert.Contains(typeof(Random).FullName!, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asking_CallAsync_for_a_type_the_response_is_not_raises_RemoteError_since_the_handler_ran()
    {
        var five = await CallAsync("values_five");

        var error = await Assert.ThrowsAsync<MargoException>(() => five.CallAsync<string>().WithDeadline());

        Assert.Equal(MargoErrorCode.RemoteError, error.Code);
        Assert.Contains(typeof(string).FullName!, error.Message, StringComparison.Ordinal);
        Assert.Equal(5L, await five.CallAsync<long>().WithDeadline());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_string_with_a_lone_surrogate_raises_InvalidArgument_instead_of_arriving_changed(int example)
    {
        // Built here: xUnit would itself replace a lone surrogate in theory data.
        var text = example switch { 0 => "ab" + '\uD800' + "cd", 1 => char.ToString('\uDC00'), _ => "end" + '\uD83D' };
        var echo = await CallAsync("values_echo");

        var error = await Assert.ThrowsAsync<MargoException>(() => echo.CallAsync<string>(text).WithDeadline());
        var nested = await Assert.ThrowsAsync<MargoException>(() => echo.CallAsync<object?>(new List<object?> { text }).WithDeadline());

        Assert.Equal(MargoErrorCode.InvalidArgument, error.Code);
        Assert.Equal(MargoErrorCode.InvalidArgument, nested.Code);
        Assert.Equal("pair \uD83D\uDE00 intact", await echo.CallAsync<string>("pair \uD83D\uDE00 intact").WithDeadline());
    }

    [Fact]
    public async Task A_response_string_with_a_lone_surrogate_raises_RemoteError_instead_of_arriving_changed()
    {
        var call = await CallAsync("values_lone_surrogate");

        var error = await Assert.ThrowsAsync<MargoException>(() => call.CallAsync<string>().WithDeadline());

        Assert.Equal(MargoErrorCode.RemoteError, error.Code);
    }

    [Fact]
    public void The_value_walk_handles_cycles_and_shared_references_without_looping()
    {
        var cycle = new List<object?>();
        cycle.Add(cycle);
        var shared = new List<object?> { 1 };
        var diamond = new List<object?> { shared, shared };

        var cyclic = ValueInspection.Inspect(cycle, ValueLimits.Default, codecs: null);
        var twice = ValueInspection.Inspect(diamond, ValueLimits.Default, codecs: null);

        Assert.Equal((ValueProblem.None, 1), (cyclic.Problem, cyclic.Depth));
        Assert.Equal((ValueProblem.None, 2), (twice.Problem, twice.Depth));
    }

    /// <summary>A tag-delimited field whose encoded type (Orleans' version 1 form) is <paramref name="name"/>.</summary>
    private static byte[] EncodedTypeName(string name)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(name);
        var length = (ulong)utf8.Length;

        // Orleans' var-ints are prefix-coded: n extra bytes are announced by n low zero bits, then a one.
        var extra = System.Numerics.BitOperations.Log2(length) / 7;
        var coded = ((length << 1) + 1) << extra;
        var varint = BitConverter.GetBytes(coded)[..(extra + 1)];
        return [0x30, 1, 0, 0, 0, 0, .. varint, .. utf8, 0xE0];
    }

    private async Task<(Address Address, ushort Id)> RegisterAsync()
    {
        var id = fixture.NextProviderId();
        await fixture.SecondaryEngine.RegisterProviderAsync(new ValueProvider(), id).WithDeadline();
        return (fixture.SecondaryEngine.Address, id);
    }

    private async Task<CallableRemoteFunction> CallAsync(string rpc)
    {
        var (address, id) = await RegisterAsync();
        return fixture.ClientEngine.Register(rpc).On(await fixture.ClientEngine.LookupAsync(address.ToString()).WithDeadline(), id);
    }

    /// <summary>
    /// Serializes a value as Orleans would, on a thread with a stack large enough for any depth: the bytes a hostile
    /// or non-.NET sender could put on the wire.
    /// </summary>
    private async Task<byte[]> SerializeAsync(object? value)
    {
        var serializer = fixture.Cluster.Client.ServiceProvider.GetRequiredService<Serializer>();
        var bytes = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(
            () =>
            {
                try
                {
                    bytes.SetResult(serializer.SerializeToArray(value));
                }
                catch (Exception exception)
                {
                    bytes.SetException(exception);
                }
            },
            maxStackSize: 512 * 1024 * 1024);
        thread.Start();
        return await bytes.Task.WithDeadline();
    }
}
