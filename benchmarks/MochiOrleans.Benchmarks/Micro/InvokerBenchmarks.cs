using System.Reflection;
using BenchmarkDotNet.Attributes;
using MochiOrleans.Internal.Providers;
using MethodInvoker = MochiOrleans.Internal.Providers.MethodInvoker;

namespace MochiOrleans.Benchmarks.Micro;

/// <summary>
/// The provider grain's second step: the compiled invoker, against a direct call (the floor) and
/// <see cref="MethodBase.Invoke(object?, object?[])"/> (what compiling avoids).
/// </summary>
public class InvokerBenchmarks
{
    private readonly MicroProvider _provider = new();
    private readonly object?[] _echoArguments = [new byte[16]];
    private readonly object?[] _addArguments = [2L, 3L];
    private MethodInvoker _echo = null!;
    private MethodInvoker _add = null!;
    private MethodInfo _echoMethod = null!;

    [GlobalSetup]
    public void Setup()
    {
        _echoMethod = typeof(MicroProvider).GetMethod(nameof(MicroProvider.Echo))!;
        _echo = MethodInvokerCompiler.Compile(_echoMethod);
        _add = MethodInvokerCompiler.Compile(typeof(MicroProvider).GetMethod(nameof(MicroProvider.Add))!);
    }

    [Benchmark(Description = "direct call echo(byte[])", Baseline = true)]
    public object Direct() => _provider.Echo((byte[])_echoArguments[0]!);

    [Benchmark(Description = "compiled invoker echo(byte[])")]
    public object? CompiledEcho() => Completed(_echo(_provider, _echoArguments));

    [Benchmark(Description = "compiled invoker add(long, long) (boxes result)")]
    public object? CompiledAdd() => Completed(_add(_provider, _addArguments));

    [Benchmark(Description = "MethodInfo.Invoke echo(byte[])")]
    public object? Reflection() => _echoMethod.Invoke(_provider, _echoArguments);

    // Synchronous handlers complete at once: reading the result is what the provider grain's await does then.
    private static object? Completed(ValueTask<object?> result) =>
        result.IsCompletedSuccessfully ? result.Result : throw new InvalidOperationException("A synchronous handler did not complete.");
}
