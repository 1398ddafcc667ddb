using MochiOrleans.Analyzers.Tests.Infrastructure;
using Verify = MochiOrleans.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MochiOrleans.Analyzers.RpcSignatureAnalyzer>;

namespace MochiOrleans.Analyzers.Tests;

public class RpcSignatureAnalyzerTests
{
    [Fact]
    public Task A_generic_rpc_method_is_an_error() =>
        Verify.VerifyAsync(
            Snippets.Usings + """
            public class Echo
            {
                [Remote] public T {|#0:Back|}<T>(T value) => value;
            }
            """,
            Verify.Diagnostic(MochiDiagnostics.GenericRpcMethod).WithLocation(0).WithArguments("Echo.Back"));

    [Fact]
    public Task Ref_out_in_and_pointer_parameters_are_errors() =>
        Verify.VerifyAsync(
            Snippets.Usings + """
            public unsafe class Values
            {
                [Remote] public void Twice(ref int {|#0:x|}) => x *= 2;
                [Remote] public void Give(out int {|#1:x|}) => x = 1;
                [Remote] public int Read(in int {|#2:x|}) => x;
                [Remote] public int Peek(int* {|#3:p|}) => *p;
            }
            """,
            Verify.Diagnostic(MochiDiagnostics.ByReferenceParameter).WithLocation(0).WithArguments("x", "Values.Twice", "a ref parameter"),
            Verify.Diagnostic(MochiDiagnostics.ByReferenceParameter).WithLocation(1).WithArguments("x", "Values.Give", "an out parameter"),
            Verify.Diagnostic(MochiDiagnostics.ByReferenceParameter).WithLocation(2).WithArguments("x", "Values.Read", "an in parameter"),
            Verify.Diagnostic(MochiDiagnostics.ByReferenceParameter).WithLocation(3).WithArguments("p", "Values.Peek", "a pointer"));

    [Fact]
    public Task Two_Handle_parameters_are_an_error() =>
        Verify.VerifyAsync(
            Snippets.Usings + """
            public class Greeter
            {
                [Remote] public void {|#0:Hello|}(Handle first, string name, Handle second) => first.Respond(name);
            }
            """,
            Verify.Diagnostic(MochiDiagnostics.MultipleHandles).WithLocation(0).WithArguments("Greeter.Hello"));

    [Fact]
    public Task Two_CancellationToken_parameters_are_an_error() =>
        Verify.VerifyAsync(
            Snippets.Usings + """
            public class Waiter
            {
                [Remote] public Task {|#0:WaitAsync|}(CancellationToken first, CancellationToken second) => Task.Delay(1, first);
            }
            """,
            Verify.Diagnostic(MochiDiagnostics.MultipleCancellationTokens).WithLocation(0).WithArguments("Waiter.WaitAsync"));

    [Fact]
    public Task Methods_of_a_provider_interface_and_their_implementations_are_judged_without_Remote() =>
        Verify.VerifyAsync(
            Snippets.Usings + """
            [Provider("echo")]
            public interface IEcho
            {
                Task<T> {|MOCHI0002:BackAsync|}<T>(T value);
            }

            public class Echo : IEcho
            {
                public Task<T> {|MOCHI0002:BackAsync|}<T>(T value) => Task.FromResult(value);
            }
            """);

    [Fact]
    public Task Handlers_given_to_Register_are_judged_like_Remote_methods() =>
        Verify.VerifyAsync(
            Snippets.Usings + """
            public class Program
            {
                private delegate void Twice(ref int x);

                public static void Run(Engine engine)
                {
                    engine.Register("greet", {|#0:(Handle first, Handle second) => first.Respond("hi")|});
                    engine.Register("twice", {|#1:new Twice(Double)|});
                    engine.Register("wait", {|#2:Wait|});
                }

                private static void Double(ref int x) => x *= 2;

                private static Task Wait(CancellationToken a, CancellationToken b) => Task.CompletedTask;
            }
            """,
            Verify.Diagnostic(MochiDiagnostics.MultipleHandles).WithLocation(0).WithArguments("The handler"),
            Verify.Diagnostic(MochiDiagnostics.ByReferenceParameter).WithLocation(1).WithArguments("x", "Program.Double", "a ref parameter"),
            Verify.Diagnostic(MochiDiagnostics.MultipleCancellationTokens).WithLocation(2).WithArguments("Program.Wait"));

    [Fact]
    public Task Supported_handlers_given_to_Register_raise_nothing() =>
        Verify.VerifyAsync(
            Snippets.Usings + """
            public class Program
            {
                public static void Run(Engine engine, Delegate existing)
                {
                    engine.Register("greet", (Handle handle, string name) => handle.Respond(name));
                    engine.Register("add", (int x, int y) => x + y);
                    engine.Register("wait", Wait);
                    engine.Register("other", existing);
                }

                private static Task Wait(int ms, CancellationToken cancellationToken) => Task.Delay(ms, cancellationToken);
            }
            """);

    [Fact]
    public Task Supported_signatures_and_methods_without_Remote_raise_nothing() =>
        Verify.VerifyAsync(
            Snippets.Usings + """
            public class Fine
            {
                [Remote] public void Hello(Handle handle, string name, CancellationToken cancellationToken) => handle.Respond(name);
                [Remote] public int Add(int x, int y = 2) => x + y;
                [Remote] public static Task<string> EchoAsync(string s, CancellationToken cancellationToken) => Task.FromResult(s);
                public void NotAnRpc<T>(ref T value, Handle a, Handle b) { }
            }
            """);
}
