using MochiOrleans.Analyzers.Tests.Infrastructure;
using Verify = MochiOrleans.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MochiOrleans.Analyzers.ProviderInterfaceAnalyzer>;

namespace MochiOrleans.Analyzers.Tests;

public class ProviderInterfaceAnalyzerTests
{
    [Fact]
    public Task Members_a_proxy_cannot_implement_are_errors() =>
        Verify.VerifyAsync(
            Snippets.Usings + """
            [Provider("calc")]
            public interface ICalc
            {
                int {|#0:Add|}(int x, int y);
                void {|#1:Poke|}();
                Task Hello(Handle {|#2:handle|}, string name);
                int {|#3:Total|} { get; }
            }
            """,
            Verify.Diagnostic(MochiDiagnostics.UnproxiableMember).WithLocation(0).WithArguments("Method Add", "ICalc", "it returns int, and a proxy method returns Task, Task<T>, ValueTask or ValueTask<T>"),
            Verify.Diagnostic(MochiDiagnostics.UnproxiableMember).WithLocation(1).WithArguments("Method Poke", "ICalc", "it returns void, and a proxy method returns Task, Task<T>, ValueTask or ValueTask<T>"),
            Verify.Diagnostic(MochiDiagnostics.UnproxiableMember).WithLocation(2).WithArguments("Method Hello", "ICalc", "parameter 'handle' is a Handle, which only the provider's side has"),
            Verify.Diagnostic(MochiDiagnostics.UnproxiableMember).WithLocation(3).WithArguments("Property Total", "ICalc", "only methods are RPCs"));

    [Fact]
    public Task A_provider_interface_with_only_a_property_or_an_event_is_reported_too() =>
        Verify.VerifyAsync(
            Snippets.Usings + """
            [Provider("state")]
            public interface IState
            {
                int {|#0:Value|} { get; set; }
                event EventHandler {|#1:Changed|};
            }
            """,
            Verify.Diagnostic(MochiDiagnostics.UnproxiableMember).WithLocation(0).WithArguments("Property Value", "IState", "only methods are RPCs"),
            Verify.Diagnostic(MochiDiagnostics.UnproxiableMember).WithLocation(1).WithArguments("Event Changed", "IState", "only methods are RPCs"));

    [Fact]
    public Task The_contract_of_the_typed_proxies_section_raises_nothing() =>
        Verify.VerifyAsync(
            Snippets.Usings + """
            [Provider("calc")]
            public interface ICalc
            {
                [Remote(RpcName = "add")] Task<int> SumAsync(int x, int y);
                Task<string> EchoAsync(string s, CancellationToken cancellationToken = default);
                [Remote(DisableResponse = true)] Task PokeAsync(int by);
                ValueTask<int> CountAsync();
                ValueTask ResetAsync();
            }

            public interface INotAProvider
            {
                int Add(int x, int y);
                int Total { get; }
            }
            """);
}
