using System.Reflection;
using System.Runtime.Loader;
using MochiOrleans.Analyzers.Generators;
using MochiOrleans.Analyzers.Tests.Infrastructure;
using MochiOrleans.CodeGeneration;

namespace MochiOrleans.Analyzers.Tests;

/// <summary>
/// The invoker generator: what it writes compiles, registers itself when the assembly loads, and calls each method as
/// the runtime's compiled invoker would; what it cannot name it leaves to the runtime.
/// </summary>
public class InvokerGeneratorTests
{
    private static readonly int[] ThreeValues = [1, 2, 3];

    private const string Shapes = Snippets.Usings + """
        namespace Shapes;

        [Provider("shapes")]
        public sealed class ShapesProvider
        {
            public static int Hooks;

            [Remote] public void Nothing() { }
            [Remote] public int Add(int x, int y) => x + y;
            [Remote] public static string Upper(string text) => text.ToUpperInvariant();
            [Remote] public Task Delay() => Task.Delay(1);
            [Remote] public async Task<long> WidenAsync(int value) { await Task.Yield(); return value * 2L; }
            [Remote] public ValueTask Plain() => default;
            [Remote] public ValueTask<string> Greet(Handle handle, string name) => new(handle is null ? name : "?");
            [Remote] public int? Maybe(int? value) => value;
            [Remote] public int @event(int[] values) => values.Length;
            [OnPrefinalize] public void Before() => Hooks++;
            [OnFinalize] internal void After() => Hooks += 10;
        }
        """;

    [Fact]
    public async Task Generated_invokers_call_every_return_shape_and_hook_as_the_method_would()
    {
        var assembly = Load(Shapes, out var generated);
        var type = assembly.GetType("Shapes.ShapesProvider")!;
        var provider = Activator.CreateInstance(type);

        Assert.Contains("ModuleInitializer", generated, StringComparison.Ordinal);
        Assert.Null(await InvokeAsync(type, "Nothing", provider));
        Assert.Equal(5, await InvokeAsync(type, "Add", provider, 2, 3));
        Assert.Equal("HI", await InvokeAsync(type, "Upper", null, "hi"));
        Assert.Null(await InvokeAsync(type, "Delay", provider));
        Assert.Equal(14L, await InvokeAsync(type, "WidenAsync", provider, 7));
        Assert.Null(await InvokeAsync(type, "Plain", provider));
        Assert.Equal("ada", await InvokeAsync(type, "Greet", provider, null, "ada"));
        Assert.Null(await InvokeAsync(type, "Maybe", provider, [null]));
        Assert.Equal(3, await InvokeAsync(type, "event", provider, ThreeValues));
        await InvokeAsync(type, "Before", provider);
        await InvokeAsync(type, "After", provider);
        Assert.Equal(11, type.GetField("Hooks")!.GetValue(null));
    }

    [Fact]
    public void Providers_generated_code_cannot_name_are_left_to_the_runtime()
    {
        const string source = Snippets.Usings + """
            namespace Hidden;

            [Provider("calc")]
            public interface ICalc { Task<int> SumAsync(int x, int y); }

            public sealed class Outer
            {
                [Provider("hidden")]
                private sealed class HiddenProvider { [Remote] public int Ping() => 1; }
            }

            [Provider("generic")]
            public sealed class GenericProvider<T> { [Remote] public int Ping() => 2; }

            public sealed class ExplicitCalc : ICalc { Task<int> ICalc.SumAsync(int x, int y) => Task.FromResult(x + y); }

            [Provider("visible")]
            public sealed class VisibleProvider { [Remote] public int Ping() => 3; }
            """;

        var assembly = Load(source, out _);

        Assert.Null(Find(assembly.GetType("Hidden.Outer+HiddenProvider")!, "Ping"));
        Assert.Null(Find(assembly.GetType("Hidden.GenericProvider`1")!.MakeGenericType(typeof(int)), "Ping"));
        var explicitSum = assembly.GetType("Hidden.ExplicitCalc")!.GetMethods(BindingFlags.Instance | BindingFlags.NonPublic).Single(m => m.Name.EndsWith("SumAsync", StringComparison.Ordinal));
        Assert.Null(GeneratedInvokers.Find(explicitSum));
        Assert.NotNull(Find(assembly.GetType("Hidden.VisibleProvider")!, "Ping"));
    }

    [Fact]
    public void A_compilation_without_providers_gets_no_generated_source()
    {
        var generated = GeneratorRun.Generate(new InvokerGenerator(), Snippets.Usings + "namespace Plain; public sealed class NotAProvider { public int Ping() => 1; }");

        Assert.Empty(generated);
    }

    private static Task<object?> InvokeAsync(Type type, string name, object? target, params object?[] arguments)
    {
        var invoker = Find(type, name) ?? throw new InvalidOperationException($"No generated invoker for {name}.");
        return invoker(target, arguments).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static ProviderMethodInvoker? Find(Type type, string name) =>
        GeneratedInvokers.Find(type.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)!);

    private static Assembly Load(string source, out string generated)
    {
        var (compilation, sources) = GeneratorRun.Run(new InvokerGenerator(), source);
        generated = string.Join(Environment.NewLine, sources);
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));

        // Each test loads its own copy (its own type identities), so the registrations of one never serve another.
        image.Position = 0;
        return new AssemblyLoadContext(name: null).LoadFromStream(image);
    }
}
