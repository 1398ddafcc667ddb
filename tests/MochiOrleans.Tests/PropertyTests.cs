using CsCheck;
using MochiOrleans.Tests.Infrastructure;
using MochiOrleans.Tests.Providers;

namespace MochiOrleans.Tests;

/// <summary>
/// Thousands of random argument lists, keyword sets and RPC names against <see cref="FuzzProvider"/>, and generated
/// nestings (0 to 100,000 levels) and payload sizes around the limits against <see cref="ValueProvider"/>: every call
/// ends with the response an independent oracle predicts, or a MargoException with the code it predicts.
/// </summary>
[Collection(ClusterCollection.Name)]
public class PropertyTests(ClusterFixture fixture)
{
    private static readonly Dictionary<string, Signature> Signatures = new(StringComparer.Ordinal)
    {
        ["fuzz_add"] = new([new("x", Kind.Int), new("y", Kind.Int)], a => unchecked((int)a[0]! + (int)a[1]!)),
        ["fuzz_concat"] = new([new("first", Kind.String), new("second", Kind.String, "!")], a => (string?)a[0] + (string?)a[1]),
        ["fuzz_ping"] = new([], _ => 1),
        ["fuzz_half"] = new([new("value", Kind.Double)], a => (double)a[0]! / 2),
    };

    private static readonly Gen<object?> Value = Gen.OneOf<object?>(
        Gen.Int.Select(i => (object?)i),
        Gen.Long.Select(l => (object?)l),
        Gen.Double.Select(d => (object?)d),
        Gen.Bool.Select(b => (object?)b),
        Gen.String.Select(s => (object?)s),
        Gen.Byte.Array[0, 8].Select(b => (object?)b),
        Gen.Const<object?>(() => null));

    private static readonly Gen<string> Name = Gen.OneOf(
        Gen.OneOf(Signatures.Keys.Append("greeter_add").Append("fuzz_missing").ToArray()),
        Gen.String);

    private static readonly Gen<string> Keyword = Gen.OneOf(
        Gen.OneOf("x", "y", "first", "second", "value", "other"),
        Gen.String[1, 6]);

    private static readonly Gen<Dictionary<string, object?>> Kwargs =
        Gen.Select(Keyword, Value).Array[0, 2].Select(pairs => pairs.DistinctBy(p => p.Item1).ToDictionary(p => p.Item1, p => p.Item2));

    /// <summary>
    /// Calls shaped like a signature: a random split between positional and keyword arguments, optional ones sometimes
    /// left out, and now and then a value of another type in a parameter's place — so that conversions are exercised.
    /// </summary>
    private static readonly Gen<(string, object?[], Dictionary<string, object?>)> WellFormedCall =
        Gen.Select(Gen.OneOf(Signatures.Keys.ToArray()), Gen.Int[0, 3], Gen.Int[0, 5].Array[4], Value.Array[4], Gen.Int, Gen.Double[-1e6, 1e6])
            .Select((name, positional, choices, stray, i, d) =>
            {
                var parameters = Signatures[name].Parameters;
                var args = new List<object?>();
                var kwargs = new Dictionary<string, object?>(StringComparer.Ordinal);
                for (var p = 0; p < parameters.Length; p++)
                {
                    object? value = (choices[p], parameters[p].Kind) switch
                    {
                        (0, _) => stray[p],
                        (_, Kind.Int) => i + p,
                        (1, Kind.Double) => i,
                        (_, Kind.Double) => d,
                        _ => $"text{i}",
                    };
                    if (p < positional)
                    {
                        args.Add(value);
                    }
                    else if (!(parameters[p].HasDefault && choices[p] == 5))
                    {
                        kwargs[parameters[p].Name] = value;
                    }
                }

                return (name, args.ToArray(), kwargs);
            });

    [Fact]
    public async Task Random_calls_end_with_the_predicted_response_or_error_code_and_the_silo_serves_normally_afterwards()
    {
        var id = fixture.NextProviderId();
        fixture.PrimaryEngine.RegisterProvider(new FuzzProvider(), id);
        var address = await fixture.ClientEngine.LookupAsync(fixture.PrimaryEngine.Address.ToString()).WithDeadline();
        var outcomes = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();

        var randomCall = Gen.Select(Name, Value.Array[0, 3], Kwargs);
        await Gen.OneOf(randomCall, WellFormedCall).SampleAsync(
            async (name, args, kwargs) =>
            {
                var (expectedCode, expectedValue) = Predict(name, args, kwargs);
                outcomes.AddOrUpdate(expectedCode?.ToString() ?? "response", 1, (_, n) => n + 1);
                try
                {
                    var response = await fixture.ClientEngine.Register(name).On(address, id).CallAsync<object?>(args, kwargs).WithDeadline();
                    Assert.True(expectedCode is null, $"{name}: expected {expectedCode}, got response {response}");
                    Assert.Equal(expectedValue, response);
                }
                catch (MargoException e)
                {
                    Assert.True(e.Code == expectedCode, $"{name}({string.Join(", ", args)}; {string.Join(", ", kwargs)}): expected {expectedCode?.ToString() ?? "a response"}, got {e.Code}: {e.Message}");
                }
            },
            iter: 2000,
            threads: 4);

        // The sample must have exercised every kind of outcome, or it proved little.
        Assert.True(outcomes.Values.Sum() >= 2000);
        Assert.All(["response", "NoEntry", "InvalidArgument"], outcome => Assert.True(outcomes.GetValueOrDefault(outcome) > 20, string.Join(", ", outcomes)));
        Assert.Equal(5, await fixture.ClientEngine.Register("fuzz_add").On(address, id).CallAsync<int>(2, 3).WithDeadline());
    }

    [Fact]
    public async Task Generated_nestings_of_any_container_mix_arrive_whole_within_MaxNestingDepth_and_are_refused_beyond_it()
    {
        const int limit = 64;
        var call = await ValuesAsync("values_depth", new EngineOptions());
        var depths = Gen.OneOf(Gen.Int[0, limit + 3], Gen.Int[limit - 2, limit + 2], Gen.Int[0, 2_000], Gen.Int[0, 100_000]);
        var kinds = Gen.Char[NestingOracle.Kinds].Array[1, 4].Select(k => new string(k));
        var outcomes = new System.Collections.Concurrent.ConcurrentDictionary<bool, int>();

        await Gen.Select(depths, kinds).SampleAsync(
            async (depth, mix) =>
            {
                // Built inside the property, not generated: CsCheck would print a 100,000-level value recursively.
                var value = NestingOracle.Build(depth, mix, leaf: "leaf");
                outcomes.AddOrUpdate(depth <= limit, 1, (_, n) => n + 1);
                if (depth <= limit)
                {
                    Assert.Equal(depth, await call.CallAsync<int>(value).WithDeadline());
                }
                else
                {
                    var error = await Assert.ThrowsAsync<MargoException>(() => call.CallAsync<int>(value).WithDeadline());
                    Assert.Equal(MargoErrorCode.InvalidArgument, error.Code);
                }
            },
            iter: 400,
            threads: 4);

        Assert.True(outcomes.GetValueOrDefault(true) > 40 && outcomes.GetValueOrDefault(false) > 40, string.Join(", ", outcomes));
    }

    [Fact]
    public async Task Generated_payloads_around_MaxPayloadBytes_are_refused_above_it_and_arrive_below_it_in_any_container()
    {
        const int limit = 64 * 1024;

        // What a payload may add to its bytes on the wire (headers, types, the leaf): the oracle's only tolerance.
        const int overhead = 2048;
        var call = await ValuesAsync("values_depth", new EngineOptions { MaxPayloadBytes = limit });
        var sizes = Gen.OneOf(Gen.Int[0, limit + overhead], Gen.Int[limit - overhead, limit + overhead]);
        var outcomes = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();

        await Gen.Select(sizes, Gen.Int[0, 100], Gen.Int[0, 3], Gen.Char[NestingOracle.Kinds].Array[1, 3].Select(k => new string(k))).SampleAsync(
            async (bytes, textPercent, depth, mix) =>
            {
                var text = bytes * textPercent / 100;
                var value = NestingOracle.Build(depth, mix, leaf: new List<object?> { new byte[bytes - text], new string('t', text) });
                try
                {
                    await call.CallAsync<int>(value).WithDeadline();
                    Assert.True(bytes <= limit, $"{bytes} bytes in {mix} x{depth} went through a {limit}-byte limit.");
                    outcomes.AddOrUpdate("sent", 1, (_, n) => n + 1);
                }
                catch (MargoException e) when (e.Code == MargoErrorCode.InvalidArgument)
                {
                    Assert.True(bytes + overhead > limit, $"{bytes} bytes in {mix} x{depth} were refused under a {limit}-byte limit: {e.Message}");
                    outcomes.AddOrUpdate("refused", 1, (_, n) => n + 1);
                }
            },
            iter: 300,
            threads: 4);

        Assert.True(outcomes.GetValueOrDefault("sent") > 30 && outcomes.GetValueOrDefault("refused") > 30, string.Join(", ", outcomes));
    }

    private async Task<CallableRemoteFunction> ValuesAsync(string rpc, EngineOptions options)
    {
        var id = fixture.NextProviderId();
        await fixture.SecondaryEngine.RegisterProviderAsync(new ValueProvider(), id).WithDeadline();
        var engine = Engine.FromClusterClient(fixture.Cluster.Client, options);
        return engine.Register(rpc).On(await engine.LookupAsync(fixture.SecondaryEngine.Address.ToString()).WithDeadline(), id);
    }

    /// <summary>The oracle: PyMargo-style binding restated independently of ArgumentBinder.</summary>
    private static (MargoErrorCode? Code, object? Value) Predict(string name, object?[] args, Dictionary<string, object?> kwargs)
    {
        if (name.Length == 0 || name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return (MargoErrorCode.InvalidArgument, null);
        }

        if (!Signatures.TryGetValue(name, out var signature))
        {
            return (MargoErrorCode.NoEntry, null);
        }

        var parameters = signature.Parameters;
        if (args.Length > parameters.Length)
        {
            return (MargoErrorCode.InvalidArgument, null);
        }

        var bound = new object?[parameters.Length];
        var given = new bool[parameters.Length];
        for (var i = 0; i < args.Length; i++)
        {
            if (!Fits(args[i], parameters[i].Kind, out bound[i]))
            {
                return (MargoErrorCode.InvalidArgument, null);
            }

            given[i] = true;
        }

        foreach (var (keyword, value) in kwargs)
        {
            var index = Array.FindIndex(parameters, p => p.Name == keyword);
            if (index < 0 || given[index] || !Fits(value, parameters[index].Kind, out bound[index]))
            {
                return (MargoErrorCode.InvalidArgument, null);
            }

            given[index] = true;
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            if (!given[i])
            {
                if (!parameters[i].HasDefault)
                {
                    return (MargoErrorCode.InvalidArgument, null);
                }

                bound[i] = parameters[i].Default;
            }
        }

        return (null, signature.Evaluate(bound));
    }

    private static bool Fits(object? value, Kind kind, out object? converted)
    {
        converted = (kind, value) switch
        {
            (Kind.Int, int i) => i,
            (Kind.Double, double d) => d,
            (Kind.Double, int i) => (double)i,
            (Kind.String, string s) => s,
            _ => null,
        };
        return converted is not null || (kind == Kind.String && value is null);
    }

    private enum Kind
    {
        Int,
        Double,
        String,
    }

    private sealed record Parameter(string Name, Kind Kind, object? Default = null)
    {
        public bool HasDefault => Default is not null;
    }

    private sealed record Signature(Parameter[] Parameters, Func<object?[], object?> Evaluate);
}
