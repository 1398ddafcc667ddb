using System.Text;
using Microsoft.Extensions.DependencyInjection;
using MochiOrleans.Grains;
using MochiOrleans.Internal;
using Orleans.Serialization;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.Session;
using Orleans.Serialization.WireProtocol;

namespace MochiOrleans.Tests;

/// <summary>
/// Arguments and responses made of leaves only (null, bool, int, long, double, string, byte[]) travel in a compact flat
/// form read without a serializer session; everything else travels in Orleans' form. Either way a value arrives with
/// its exact type.
/// </summary>
public sealed class FlatValueTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();

    private Serializer Serializer => _services.GetRequiredService<Serializer>();

    public static TheoryData<string, object?[]> ArgumentLists => new()
    {
        { "every leaf kind", [null, true, false, 42, -42L, 4.25, "h\u00e9llo \u2603", new byte[] { 0, 1, 255 }, string.Empty, Array.Empty<byte>()] },
        { "no arguments", [] },
        { "leaves beside a container (Orleans' form)", [1, new List<int> { 1, 2 }, "x"] },
        { "numbers of other widths (Orleans' form)", [(short)1, (byte)2, 3u, 4.5f, 6m] },
    };

    [Theory]
    [MemberData(nameof(ArgumentLists))]
    public void Arguments_arrive_with_their_exact_values_and_types(string what, object?[] args)
    {
        var received = Serializer.Deserialize<RpcRequest>(Serializer.SerializeToArray(new RpcRequest("flat_echo", 1, args, null, null)))!;

        Assert.True(received.Refusal is null, what);
        Assert.Equal(args.Length, received.Args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            Assert.Equal(args[i]?.GetType(), received.Args[i]?.GetType());
            Assert.Equal(args[i], received.Args[i]);
        }
    }

    [Fact]
    public void An_argument_array_of_a_narrower_type_keeps_its_type()
    {
        object?[] args = new string[] { "a", "b" };

        var received = Serializer.Deserialize<RpcRequest>(Serializer.SerializeToArray(new RpcRequest("flat_echo", 1, args, null, null)))!;

        Assert.IsType<string[]>(received.Arguments.Value);
    }

    [Theory]
    [MemberData(nameof(ArgumentLists))]
    public void Only_leaf_lists_are_sent_in_the_flat_form(string what, object?[] args)
    {
        var expectFlat = Array.TrueForAll(args, a => a is null or bool or int or long or double or string or byte[]);
        using var session = _services.GetRequiredService<SerializerSessionPool>().GetSession();
        var reader = Reader.Create(Serializer.SerializeToArray(new WireValue(args)), session);

        var field = reader.ReadFieldHeader();
        Assert.Equal(WireType.LengthPrefixed, field.WireType);
        var blob = new byte[reader.ReadVarUInt32()];
        reader.ReadBytes(blob);

        Assert.True(FlatValue.IsFlat(blob) == expectFlat, what);
    }

    [Fact]
    public void A_flat_argument_list_written_by_hand_is_read_with_its_exact_types()
    {
        byte[] flat =
        [
            0xA1, 4, 0, 0, 0,
            3, 42, 0, 0, 0,
            2,
            6, 2, 0, 0, 0, (byte)'h', (byte)'i',
            0,
        ];

        var received = Serializer.Deserialize<RpcRequest>(Serializer.SerializeToArray(
            new RpcRequest("flat_echo", 1, new WireValue(new SerializedValue(flat)), default, null)))!;

        Assert.Null(received.Refusal);
        Assert.Equal([42, true, "hi", null], received.Args);
        Assert.IsType<int>(received.Args[0]);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(300)]
    [InlineData(70_000)]
    public void A_response_of_one_leaf_arrives_unchanged(int length)
    {
        var text = new string('\u00e9', length);
        var bytes = Encoding.UTF8.GetBytes(text);

        Assert.Equal(text, Serializer.Deserialize<RpcResponse>(Serializer.SerializeToArray(RpcResponse.FromValue(text)))!.Value);
        Assert.Equal(bytes, Serializer.Deserialize<RpcResponse>(Serializer.SerializeToArray(RpcResponse.FromValue(bytes)))!.Value);
    }

    public void Dispose() => _services.Dispose();
}
