using MochiOrleans.Analyzers.Tests.Infrastructure;
using Verify = MochiOrleans.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MochiOrleans.Analyzers.RpcNameAnalyzer>;

namespace MochiOrleans.Analyzers.Tests;

public class RpcNameAnalyzerTests
{
    [Fact]
    public Task Rpc_names_with_whitespace_or_empty_without_a_service_are_errors() =>
        Verify.VerifyAsync(
            Snippets.Usings + """
            public class Names
            {
                [Remote(RpcName = "say hello")] public string {|#0:Hello|}(string s) => s;
                [Remote(RpcName = "")] public string {|#1:Nothing|}(string s) => s;
            }

            [Provider("my\tservice")]
            public class Tabbed
            {
                [Remote] public string {|#2:Echo|}(string s) => s;
            }
            """,
            Verify.Diagnostic(MochiDiagnostics.InvalidRpcName).WithLocation(0).WithArguments("Names.Hello", "RPC name 'say hello' contains whitespace or control characters."),
            Verify.Diagnostic(MochiDiagnostics.InvalidRpcName).WithLocation(1).WithArguments("Names.Nothing", "An RPC name cannot be empty."),
            Verify.Diagnostic(MochiDiagnostics.InvalidRpcName).WithLocation(2).WithArguments("Tabbed.Echo", "RPC name 'my\tservice_echo' contains whitespace or control characters."));

    [Fact]
    public Task Constant_names_passed_to_Register_and_service_names_passed_to_registration_are_checked() =>
        Verify.VerifyAsync(
            Snippets.Usings + """
            public class Program
            {
                public static void Run(Engine engine)
                {
                    engine.Register({|#0:"calc add"|});
                    engine.Register({|#1:""|});
                    engine.RegisterProvider(new object(), 1, {|#2:"my service"|});
                }
            }
            """,
            Verify.Diagnostic(MochiDiagnostics.InvalidRpcName).WithLocation(0).WithArguments("Register", "RPC name 'calc add' contains whitespace or control characters."),
            Verify.Diagnostic(MochiDiagnostics.InvalidRpcName).WithLocation(1).WithArguments("Register", "An RPC name cannot be empty."),
            Verify.Diagnostic(MochiDiagnostics.InvalidRpcName).WithLocation(2).WithArguments("RegisterProvider", "Service name 'my service' contains whitespace or control characters, so every RPC name of the provider would."));

    [Fact]
    public Task Valid_names_raise_nothing() =>
        Verify.VerifyAsync(
            Snippets.Usings + """
            [Provider("calc")]
            public class Calc
            {
                [Remote(RpcName = "add")] public int Sum(int x, int y) => x + y;

                // With a service name an empty RPC name still forms a valid wire name ("calc_"), as at run time.
                [Remote(RpcName = "")] public int Nothing() => 0;
            }

            public class Program
            {
                public static void Run(Engine engine, string name)
                {
                    engine.Register("calc_add");
                    engine.Register(name);
                    engine.RegisterProvider(new Calc(), 1, "other");
                    engine.RegisterProvider(new Calc(), 1, "");
                }
            }
            """);
}
