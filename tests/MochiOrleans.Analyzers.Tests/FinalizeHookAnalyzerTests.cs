using MochiOrleans.Analyzers.Tests.Infrastructure;
using Verify = MochiOrleans.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MochiOrleans.Analyzers.FinalizeHookAnalyzer>;

namespace MochiOrleans.Analyzers.Tests;

public class FinalizeHookAnalyzerTests
{
    [Fact]
    public Task Hooks_with_parameters_or_type_parameters_are_errors() =>
        Verify.VerifyAsync(
            Snippets.Usings + """
            public class Store
            {
                [OnPrefinalize] public void {|#0:Flush|}(int timeout) { }
                [OnFinalize] public void {|#1:Close|}<T>() { }
            }
            """,
            Verify.Diagnostic(MochiDiagnostics.HookWithParameters).WithLocation(0).WithArguments("Store.Flush"),
            Verify.Diagnostic(MochiDiagnostics.HookWithParameters).WithLocation(1).WithArguments("Store.Close"));

    [Fact]
    public Task Parameterless_hooks_raise_nothing() =>
        Verify.VerifyAsync(
            Snippets.Usings + """
            public class Store
            {
                [OnPrefinalize] public Task FlushAsync() => Task.CompletedTask;
                [OnFinalize] public void Close() { }
                public void NotAHook(int timeout) { }
            }
            """);
}
