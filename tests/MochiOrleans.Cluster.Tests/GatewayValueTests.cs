using Google.Protobuf;
using MochiOrleans.Gateway.Internal;
using MochiOrleans.Gateway.Protocol;
using MargoErrorCode = MochiOrleans.MargoErrorCode;

namespace MochiOrleans.Cluster.Tests;

/// <summary>How gateway values become the .NET values handlers bind to, and responses gateway values (docs/python.md).</summary>
public sealed class GatewayValueTests
{
    private const int Depth = 64;

    private static Value Int(long v) => new() { Kind = Kind.Int, IntValue = v };

    private static Value List(params Value[] items)
    {
        var list = new Value { Kind = Kind.List };
        list.Items.Add(items);
        return list;
    }

    private static Value Map(params (string Key, Value Value)[] entries)
    {
        var map = new Value { Kind = Kind.Map };
        foreach (var (key, value) in entries)
        {
            map.Keys.Add(key);
            map.Items.Add(value);
        }

        return map;
    }

    private static Value Nested(int levels)
    {
        var value = Int(1);
        for (var i = 0; i < levels; i++)
        {
            value = List(value);
        }

        return value;
    }

    private static object?[] Decode(params Value[] args) => ValueDecoder.DecodeArguments([.. args], Depth);

    [Fact]
    public void An_integer_that_fits_in_32_bits_arrives_as_int_and_a_larger_one_as_long()
    {
        var values = Decode(Int(int.MaxValue), Int(int.MinValue), Int(int.MaxValue + 1L), Int(long.MinValue));
        Assert.Equal<object?>([int.MaxValue, int.MinValue, int.MaxValue + 1L, long.MinValue], values);
        Assert.IsType<int>(values[0]);
        Assert.IsType<long>(values[2]);
    }

    [Fact]
    public void Scalars_bytes_lists_and_maps_arrive_as_their_documented_dotnet_types()
    {
        var values = Decode(
            new Value(),
            new Value { Kind = Kind.Bool, BoolValue = true },
            new Value { Kind = Kind.Double, DoubleValue = 1.5 },
            new Value { Kind = Kind.String, StringValue = "é" },
            new Value { Kind = Kind.Bytes, BytesValue = ByteString.CopyFrom(0, 255) },
            List(Int(1), new Value()),
            Map(("a", Int(1))));
        Assert.Null(values[0]);
        Assert.Equal(true, values[1]);
        Assert.Equal(1.5, values[2]);
        Assert.Equal("é", values[3]);
        Assert.Equal(new byte[] { 0, 255 }, Assert.IsType<byte[]>(values[4]));
        Assert.Equal<object?>([1, null], Assert.IsType<object?[]>(values[5]));
        Assert.Equal(1, Assert.IsType<Dictionary<string, object?>>(values[6])["a"]);
    }

    [Fact]
    public void Nesting_up_to_the_bound_decodes_and_one_level_more_is_InvalidArgument()
    {
        Assert.Single(Decode(Nested(Depth)));
        var refused = Assert.Throws<MargoException>(() => Decode(Nested(Depth + 1)));
        Assert.Equal(MargoErrorCode.InvalidArgument, refused.Code);
        Assert.Contains("MaxNestingDepth", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_map_with_a_repeated_key_or_unmatched_keys_is_InvalidArgument()
    {
        Assert.Equal(MargoErrorCode.InvalidArgument, Assert.Throws<MargoException>(() => Decode(Map(("a", Int(1)), ("a", Int(2))))).Code);
        var unmatched = Map(("a", Int(1)));
        unmatched.Keys.Add("b");
        Assert.Equal(MargoErrorCode.InvalidArgument, Assert.Throws<MargoException>(() => Decode(unmatched)).Code);
        Assert.Equal(MargoErrorCode.InvalidArgument, Assert.Throws<MargoException>(() => Decode(new Value { Kind = (Kind)42 })).Code);
    }

    [Fact]
    public void Keyword_arguments_must_be_a_map_and_an_empty_map_is_none()
    {
        Assert.Null(ValueDecoder.DecodeKeywords(null, Depth));
        Assert.Null(ValueDecoder.DecodeKeywords(Map(), Depth));
        Assert.Equal(2, ValueDecoder.DecodeKeywords(Map(("x", Int(2))), Depth)!["x"]);
        Assert.Equal(MargoErrorCode.InvalidArgument, Assert.Throws<MargoException>(() => ValueDecoder.DecodeKeywords(List(), Depth)).Code);
    }

    [Fact]
    public void Responses_of_every_supported_type_encode_to_their_gateway_kind()
    {
        Assert.Equal(Kind.Null, ValueEncoder.Encode(null, Depth).Kind);
        Assert.Equal(7, ValueEncoder.Encode((byte)7, Depth).IntValue);
        Assert.Equal(long.MaxValue, ValueEncoder.Encode((ulong)long.MaxValue, Depth).IntValue);
        Assert.Equal(1.5, ValueEncoder.Encode(1.5f, Depth).DoubleValue);
        Assert.Equal("c", ValueEncoder.Encode('c', Depth).StringValue);
        Assert.Equal([1, 2], ValueEncoder.Encode(new ReadOnlyMemory<byte>([1, 2]), Depth).BytesValue.ToByteArray());
        var list = ValueEncoder.Encode(new List<int> { 1, 2 }, Depth);
        Assert.Equal(Kind.List, list.Kind);
        Assert.Equal(2, list.Items.Count);
        var map = ValueEncoder.Encode(new Dictionary<string, object?> { ["k"] = "v" }, Depth);
        Assert.Equal(Kind.Map, map.Kind);
        Assert.Equal("k", Assert.Single(map.Keys));
        Assert.Equal("v", Assert.Single(map.Items).StringValue);
    }

    [Fact]
    public void A_response_without_gateway_form_is_RemoteError_naming_it()
    {
        var record = Assert.Throws<MargoException>(() => ValueEncoder.Encode(new Uri("http://x"), Depth));
        Assert.Equal(MargoErrorCode.RemoteError, record.Code);
        Assert.Contains("System.Uri", record.Message, StringComparison.Ordinal);
        Assert.Equal(MargoErrorCode.RemoteError, Assert.Throws<MargoException>(() => ValueEncoder.Encode(ulong.MaxValue, Depth)).Code);
        Assert.Equal(MargoErrorCode.RemoteError, Assert.Throws<MargoException>(() => ValueEncoder.Encode(new Dictionary<int, int> { [1] = 1 }, Depth)).Code);
        Assert.Equal(MargoErrorCode.RemoteError, Assert.Throws<MargoException>(() => ValueEncoder.Encode(new object[] { new object[] { 1 } }, 1)).Code);
    }
}
