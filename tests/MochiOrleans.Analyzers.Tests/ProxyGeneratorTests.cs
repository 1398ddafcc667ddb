using MochiOrleans.Analyzers.Generators;
using MochiOrleans.Analyzers.Tests.Infrastructure;

namespace MochiOrleans.Analyzers.Tests;

/// <summary>
/// The proxy generator: a class per [Provider] interface that compiles, implements every method (inherited ones
/// included) over the RPC the provider rules name, and nothing for an interface a proxy cannot implement.
/// </summary>
public class ProxyGeneratorTests
{
    [Fact]
    public void A_proxy_class_is_generated_for_each_provider_interface_with_every_return_shape_and_inherited_method()
    {
        const string source = Snippets.Usings + """
            namespace Contracts;

            [Provider("base")]
            public interface IBase { Task PingAsync(); }

            [Provider("calc")]
            public interface ICalc : IBase
            {
                [Remote(RpcName = "add")] Task<int> SumAsync(int x, int y);
                ValueTask ClearAsync(CancellationToken cancellationToken);
                ValueTask<string> EchoAsync(string @string, CancellationToken cancellationToken = default);
                [Remote(DisableResponse = true)] Task PokeAsync(int value);
            }
            """;

        var generated = GeneratorRun.Generate(new ProxyGenerator(), source);

        var proxies = Assert.Single(generated);
        Assert.Contains("GeneratedProxies.Add(typeof(global::Contracts.ICalc)", proxies, StringComparison.Ordinal);
        Assert.Contains("GeneratedProxies.Add(typeof(global::Contracts.IBase)", proxies, StringComparison.Ordinal);
        foreach (var rpc in new[] { "\"calc_add\"", "\"calc_clear\"", "\"calc_echo\"", "\"calc_poke\"", "\"base_ping\"" })
        {
            Assert.Contains(rpc, proxies, StringComparison.Ordinal);
        }

        Assert.Contains("CallAsync<string>(new object[] { @string }, null, null, cancellationToken)", proxies, StringComparison.Ordinal);
    }

    [Fact]
    public void An_interface_a_proxy_cannot_implement_is_left_to_the_runtime_to_refuse()
    {
        const string source = Snippets.Usings + """
            namespace Contracts;

            [Provider("bad")]
            public interface IWithProperty { int Count { get; } Task PingAsync(); }

            [Provider("bad2")]
            public interface ISynchronous { int Ping(); }

            public interface INotAProvider { Task PingAsync(); }

            [Provider("bad3")]
            public interface IInheritsPlain : INotAProvider { Task PongAsync(); }
            """;

        Assert.Empty(GeneratorRun.Generate(new ProxyGenerator(), source));
    }
}
