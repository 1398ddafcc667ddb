using BenchmarkDotNet.Attributes;
using MochiOrleans.Internal.Providers;

namespace MochiOrleans.Benchmarks.Micro;

/// <summary>The provider grain's first step: request arguments to the handler's parameter array.</summary>
public class ArgumentBindingBenchmarks
{
    private readonly object?[] _echoArgs = [new byte[16]];
    private readonly object?[] _addArgs = [2, 3];
    private readonly object?[] _greetArgs = ["Matthieu"];
    private readonly Dictionary<string, object?> _greetKwargs = new(StringComparer.Ordinal) { ["lastname"] = "Dorier" };
    private readonly Handle _handle = new(new Address("tcp://127.0.0.1:1", null!), 7, "micro_greet");
    private RemoteMethod _echo = null!;
    private RemoteMethod _add = null!;
    private RemoteMethod _greet = null!;

    [GlobalSetup]
    public void Setup()
    {
        var methods = ProviderModel.For(typeof(MicroProvider)).Methods.ToDictionary(m => m.Method.Name);
        _echo = methods[nameof(MicroProvider.Echo)];
        _add = methods[nameof(MicroProvider.Add)];
        _greet = methods[nameof(MicroProvider.GreetAsync)];
    }

    [Benchmark(Description = "Bind echo(byte[])", Baseline = true)]
    public object?[]? BindEcho() => ArgumentBinder.Bind(_echo, "micro_echo", _echoArgs, null, null, default, out _);

    [Benchmark(Description = "Bind add(long, long) from int")]
    public object?[]? BindAdd() => ArgumentBinder.Bind(_add, "micro_add", _addArgs, null, null, default, out _);

    [Benchmark(Description = "Bind greet(Handle, string, lastname=) with kwargs")]
    public object?[]? BindGreet() => ArgumentBinder.Bind(_greet, "micro_greet", _greetArgs, _greetKwargs, _handle, default, out _);
}
