using System.Reflection;
using BenchmarkDotNet.Attributes;
using MochiOrleans.CodeGeneration;
using MochiOrleans.Internal.Providers;

namespace MochiOrleans.Benchmarks.Micro;

/// <summary>
/// The provider grain's second step: the invoker the source generator wrote and the one compiled from an expression
/// (for types built without the generator), against a direct call (the floor) and
/// <see cref="MethodBase.Invoke(object?, object?[])"/> (what both avoid).
/// </summary>
public class InvokerBenchmarks
{
    private readonly MicroProvider _provider = new();
    private readonly object?[] _echoArguments = [new byte[16]];
    private readonly object?[] _addArguments = [2L, 3L];
    private ProviderMethodInvoker _echo = null!;
    private ProviderMethodInvoker _add = null!;
    private ProviderMethodInvoker _generatedEcho = null!;
    private ProviderMethodInvoker _generatedAdd = null!;
    private MethodInfo _echoMethod = null!;

    [GlobalSetup]
    public void Setup()
    {
        _echoMethod = typeof(MicroProvider).GetMethod(nameof(MicroProvider.Echo))!;
        _echo = MethodInvokerCompiler.Compile(_echoMethod);
        var addMethod = typeof(MicroProvider).GetMethod(nameof(MicroProvider.Add))!;
        _add = MethodInvokerCompiler.Compile(addMethod);
        _generatedEcho = GeneratedInvokers.Find(_echoMethod) ?? throw new InvalidOperationException("No generated invoker for Echo: is the generator referenced?");
        _generatedAdd = GeneratedInvokers.Find(addMethod) ?? throw new InvalidOperationException("No generated invoker for Add: is the generator referenced?");
    }

    [Benchmark(Description = "direct call echo(byte[])", Baseline = true)]
    public object Direct() => _provider.Echo((byte[])_echoArguments[0]!);

    [Benchmark(Description = "compiled invoker echo(byte[])")]
    public object? CompiledEcho() => Completed(_echo(_provider, _echoArguments));

    [Benchmark(Description = "compiled invoker add(long, long) (boxes result)")]
    public object? CompiledAdd() => Completed(_add(_provider, _addArguments));

    [Benchmark(Description = "generated invoker echo(byte[])")]
    public object? GeneratedEcho() => Completed(_generatedEcho(_provider, _echoArguments));

    [Benchmark(Description = "generated invoker add(long, long) (boxes result)")]
    public object? GeneratedAdd() => Completed(_generatedAdd(_provider, _addArguments));

    [Benchmark(Description = "MethodInfo.Invoke echo(byte[])")]
    public object? Reflection() => _echoMethod.Invoke(_provider, _echoArguments);

    // Synchronous handlers complete at once: reading the result is what the provider grain's await does then.
    private static object? Completed(ValueTask<object?> result) =>
        result.IsCompletedSuccessfully ? result.Result : throw new InvalidOperationException("A synchronous handler did not complete.");
}
