using MochiOrleans.Analyzers.Tests.Infrastructure;
using Verify = MochiOrleans.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MochiOrleans.Analyzers.IgnoredResponseAnalyzer>;

namespace MochiOrleans.Analyzers.Tests;

public class IgnoredResponseAnalyzerTests
{
    [Fact]
    public Task A_method_taking_a_Handle_that_also_returns_a_value_is_a_warning() =>
        Verify.VerifyAsync(
            Snippets.Usings + """
            public class Greeter
            {
                [Remote] public string {|#0:Hello|}(Handle handle, string name) { handle.Respond(name); return name; }
                [Remote] public Task<int> {|#1:CountAsync|}(Handle handle) { handle.Respond(1); return Task.FromResult(1); }
            }
            """,
            Verify.Diagnostic(MochiDiagnostics.HandleMethodReturnsValue).WithLocation(0).WithArguments("Greeter.Hello"),
            Verify.Diagnostic(MochiDiagnostics.HandleMethodReturnsValue).WithLocation(1).WithArguments("Greeter.CountAsync"));

    [Fact]
    public Task A_one_way_rpc_that_returns_a_value_is_a_warning() =>
        Verify.VerifyAsync(
            Snippets.Usings + """
            public class Counter
            {
                [Remote(DisableResponse = true)] public int {|#0:Increment|}(int by) => by;
            }

            [Provider("counter")]
            public interface ICounter
            {
                [Remote(DisableResponse = true)] Task<int> {|#1:IncrementAsync|}(int by);
            }
            """,
            Verify.Diagnostic(MochiDiagnostics.OneWayReturnsValue).WithLocation(0).WithArguments("Counter.Increment"),
            Verify.Diagnostic(MochiDiagnostics.OneWayReturnsValue).WithLocation(1).WithArguments("ICounter.IncrementAsync"));

    [Fact]
    public Task Handle_methods_and_one_way_rpcs_returning_nothing_raise_nothing() =>
        Verify.VerifyAsync(
            Snippets.Usings + """
            public class Greeter
            {
                [Remote] public void Hello(Handle handle, string name) => handle.Respond(name);
                [Remote] public Task HelloAsync(Handle handle, string name) { handle.Respond(name); return Task.CompletedTask; }
                [Remote(DisableResponse = true)] public void Poke(int by) { }
                [Remote(DisableResponse = true)] public ValueTask PokeAsync(int by) => default;
                [Remote] public int Add(int x, int y) => x + y;
            }
            """);
}
