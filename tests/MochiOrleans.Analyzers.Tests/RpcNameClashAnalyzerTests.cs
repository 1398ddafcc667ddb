using MochiOrleans.Analyzers.Tests.Infrastructure;
using Verify = MochiOrleans.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MochiOrleans.Analyzers.RpcNameClashAnalyzer>;

namespace MochiOrleans.Analyzers.Tests;

public class RpcNameClashAnalyzerTests
{
    [Fact]
    public Task Two_methods_mapping_to_one_rpc_name_are_both_reported_with_the_wire_name() =>
        Verify.VerifyAsync(
            Snippets.Usings + """
            [Provider("calc")]
            public class Calc
            {
                [Remote] public int {|#0:Add|}(int x, int y) => x + y;
                [Remote(RpcName = "add")] public Task<int> {|#1:SumAsync|}(int x, int y) => Task.FromResult(x + y);
            }
            """,
            Verify.Diagnostic(MochiDiagnostics.RpcNameClash).WithLocation(0).WithArguments("Calc.Add", "Calc.SumAsync", "calc_add"),
            Verify.Diagnostic(MochiDiagnostics.RpcNameClash).WithLocation(1).WithArguments("Calc.SumAsync", "Calc.Add", "calc_add"));

    [Fact]
    public Task Snake_case_and_a_trailing_Async_are_applied_before_comparing() =>
        Verify.VerifyAsync(
            Snippets.Usings + """
            public class Status
            {
                [Remote] public int {|#0:GetHTTPStatus|}() => 200;
                [Remote] public Task<int> {|#1:GetHttpStatusAsync|}() => Task.FromResult(200);
            }
            """,
            Verify.Diagnostic(MochiDiagnostics.RpcNameClash).WithLocation(0).WithArguments("Status.GetHTTPStatus", "Status.GetHttpStatusAsync", "get_http_status"),
            Verify.Diagnostic(MochiDiagnostics.RpcNameClash).WithLocation(1).WithArguments("Status.GetHttpStatusAsync", "Status.GetHTTPStatus", "get_http_status"));

    [Fact]
    public Task Methods_of_a_provider_interface_clash_like_those_of_a_class() =>
        Verify.VerifyAsync(
            Snippets.Usings + """
            [Provider("calc")]
            public interface ICalc
            {
                Task<int> {|MOCHI0001:AddAsync|}(int x, int y);
                [Remote(RpcName = "add")] Task<int> {|MOCHI0001:SumAsync|}(int x, int y);
            }
            """);

    [Fact]
    public Task Distinct_names_and_distinct_method_service_names_do_not_clash() =>
        Verify.VerifyAsync(
            Snippets.Usings + """
            public class Calc
            {
                [Remote] public int Add(int x, int y) => x + y;
                [Remote(RpcName = "sum")] public int Sum(int x, int y) => x + y;
                [Remote(ServiceName = "a")] public int Echo(int x) => x;
                [Remote(ServiceName = "b", RpcName = "echo")] public int EchoToo(int x) => x;
                public int NotAnRpc(int x) => x;
                public int Add(int x) => x;
            }
            """);
}
