using MochiOrleans.Analyzers.Tests.Infrastructure;
using Verify = MochiOrleans.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MochiOrleans.Analyzers.AsyncVoidAnalyzer>;

namespace MochiOrleans.Analyzers.Tests;

public class AsyncVoidAnalyzerTests
{
    [Fact]
    public Task Async_void_rpc_methods_and_hooks_are_warnings() =>
        Verify.VerifyAsync(
            Snippets.Usings + """
            public class Worker
            {
                [Remote] public async void {|#0:Work|}(int n) => await Task.Delay(n);
                [OnFinalize] public async void {|#1:Close|}() => await Task.Yield();
            }
            """,
            Verify.Diagnostic(MochiDiagnostics.AsyncVoid).WithLocation(0).WithArguments("Worker.Work"),
            Verify.Diagnostic(MochiDiagnostics.AsyncVoid).WithLocation(1).WithArguments("Worker.Close"));

    [Fact]
    public Task Async_Task_rpc_methods_and_other_async_void_methods_raise_nothing() =>
        Verify.VerifyAsync(
            Snippets.Usings + """
            public class Worker
            {
                [Remote] public async Task WorkAsync(int n) => await Task.Delay(n);
                [OnFinalize] public async Task CloseAsync() => await Task.Yield();
                public async void OnClick() => await Task.Yield();
            }
            """);
}
