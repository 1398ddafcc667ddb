using System.Reflection;

namespace MochiOrleans.Analyzers.Tests;

/// <summary>
/// The analyzers must name RPCs exactly as registration does, or they would report clashes that do not exist and miss
/// those that do. The runtime's resolver is internal to Abstractions, so it is reached by reflection: a rename there fails
/// here, loudly, instead of letting the two drift apart.
/// </summary>
public class RpcNamingTests
{
    private static readonly Type Resolver =
        typeof(RemoteAttribute).Assembly.GetType("MochiOrleans.Internal.RpcNameResolver", throwOnError: true)!;

    public static TheoryData<string> Names => new()
    {
        "SayHello", "EchoAsync", "GetHTTPStatus", "HTTP2Server", "Add2Numbers", "IOStream", "already_snake", "Mixed_Case",
        "X", "x", "getX", "ABC", "Async", "DoAsyncWork", "Ünïcode", "__Leading", "Trailing_", "A1B2C3",
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Snake_case_matches_the_runtime(string name) =>
        Assert.Equal(RuntimeSnakeCase(name), RpcNaming.ToSnakeCase(name));

    [Fact]
    public void Snake_case_matches_the_runtime_on_random_identifiers()
    {
        // Fixed seed: the same 2000 names on every run, mixing the characters the rules branch on.
        var random = new Random(1729);
        const string alphabet = "aAbBzZ_09Éé";
        for (var i = 0; i < 2000; i++)
        {
            var name = new string([.. Enumerable.Range(0, random.Next(1, 12)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            Assert.True(RuntimeSnakeCase(name) == RpcNaming.ToSnakeCase(name), $"'{name}': runtime '{RuntimeSnakeCase(name)}', analyzer '{RpcNaming.ToSnakeCase(name)}'");
        }
    }

    [Theory]
    [InlineData(nameof(Methods.EchoAsync), null)]
    [InlineData(nameof(Methods.Async), null)]
    [InlineData(nameof(Methods.GetHTTPStatusAsync), null)]
    [InlineData(nameof(Methods.Sum), "add")]
    [InlineData(nameof(Methods.Sum), "")]
    public void Rpc_names_match_the_runtime(string methodName, string? rpcName)
    {
        var method = typeof(Methods).GetMethod(methodName)!;
        var runtime = (string)Resolver.GetMethod("RpcName", [typeof(MethodInfo), typeof(RemoteAttribute)])!.Invoke(null, [method, new RemoteAttribute { RpcName = rpcName }])!;

        Assert.Equal(runtime, RpcNaming.RpcName(methodName, rpcName));
    }

    private static string RuntimeSnakeCase(string name) => (string)Resolver.GetMethod("ToSnakeCase")!.Invoke(null, [name])!;

    private static class Methods
    {
        public static void EchoAsync() { }

        public static void Async() { }

        public static void GetHTTPStatusAsync() { }

        public static void Sum() { }
    }
}
