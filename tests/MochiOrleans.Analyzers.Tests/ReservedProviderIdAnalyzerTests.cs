using MochiOrleans.Analyzers.Tests.Infrastructure;
using Verify = MochiOrleans.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MochiOrleans.Analyzers.ReservedProviderIdAnalyzer>;

namespace MochiOrleans.Analyzers.Tests;

/// <summary>The snippets declare their own stand-ins for the Client and Silo APIs: the analyzer knows them by namespace and parameter name.</summary>
public class ReservedProviderIdAnalyzerTests
{
    private const string Apis = """
        namespace MochiOrleans
        {
            public sealed class Engine
            {
                public void RegisterProvider(object provider, ushort providerId = 0, string? serviceName = null) { }
                public RemoteFunction Register(string rpcName, bool disableResponse = false) => new();
            }

            public sealed class RemoteFunction
            {
                public RemoteFunction On(string address, ushort providerId = 0) => this;
            }

            public sealed class MochiSiloBuilder
            {
                public MochiSiloBuilder AddProvider<T>(ushort providerId, string? serviceName = null) => this;
            }
        }

        """;

    [Fact]
    public Task The_constant_65535_as_a_provider_id_is_an_error_wherever_it_is_passed() =>
        Verify.VerifyAsync(
            "#nullable enable\n" + Snippets.Usings + Apis + """
            public class Program
            {
                public const ushort Default = 65535;

                public static void Run(Engine engine, MochiSiloBuilder mochi)
                {
                    engine.RegisterProvider(new object(), {|#0:65535|});
                    engine.RegisterProvider(new object(), {|#1:providerId: ushort.MaxValue|});
                    engine.Register("calc_add").On("tcp://127.0.0.1:1", {|#2:Default|});
                    mochi.AddProvider<object>({|#3:ushort.MaxValue|});
                }
            }
            """,
            Verify.Diagnostic(MochiDiagnostics.ReservedProviderId).WithLocation(0),
            Verify.Diagnostic(MochiDiagnostics.ReservedProviderId).WithLocation(1),
            Verify.Diagnostic(MochiDiagnostics.ReservedProviderId).WithLocation(2),
            Verify.Diagnostic(MochiDiagnostics.ReservedProviderId).WithLocation(3));

    [Fact]
    public Task Valid_ids_variables_and_other_apis_raise_nothing() =>
        Verify.VerifyAsync(
            "#nullable enable\n" + Snippets.Usings + Apis + """
            public class Program
            {
                public static void Run(Engine engine, MochiSiloBuilder mochi, ushort id)
                {
                    engine.RegisterProvider(new object(), 65534);
                    engine.RegisterProvider(new object(), id);
                    engine.Register("calc_add").On("tcp://127.0.0.1:1");
                    mochi.AddProvider<object>(0);
                    Take(providerId: ushort.MaxValue);
                }

                private static void Take(ushort providerId) { }
            }
            """);
}
