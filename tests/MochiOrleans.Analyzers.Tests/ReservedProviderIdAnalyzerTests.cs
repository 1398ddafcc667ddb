using MochiOrleans.Analyzers.Tests.Infrastructure;
using Verify = MochiOrleans.Analyzers.Tests.Infrastructure.AnalyzerVerifier<MochiOrleans.Analyzers.ReservedProviderIdAnalyzer>;

namespace MochiOrleans.Analyzers.Tests;

public class ReservedProviderIdAnalyzerTests
{
    [Fact]
    public Task The_constant_65535_as_a_provider_id_is_an_error_wherever_it_is_passed() =>
        Verify.VerifyAsync(
            Snippets.Usings + """
            public class Program
            {
                public const ushort Default = 65535;

                public static void Run(Engine engine, MochiSiloBuilder mochi, Address address)
                {
                    engine.RegisterProvider(new object(), {|#0:65535|});
                    engine.RegisterProvider(new object(), {|#1:providerId: ushort.MaxValue|});
                    engine.Register("calc_add").On(address, {|#2:Default|});
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
            Snippets.Usings + """
            public class Program
            {
                public static void Run(Engine engine, MochiSiloBuilder mochi, Address address, ushort id)
                {
                    engine.RegisterProvider(new object(), 65534);
                    engine.RegisterProvider(new object(), id);
                    engine.Register("calc_add").On(address);
                    mochi.AddProvider<object>(0);
                    Take(providerId: ushort.MaxValue);
                }

                private static void Take(ushort providerId) { }
            }
            """);
}
