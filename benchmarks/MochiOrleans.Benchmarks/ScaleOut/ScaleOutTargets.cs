using MochiOrleans.Benchmarks.Workload;

namespace MochiOrleans.Benchmarks.ScaleOut;

/// <summary>
/// The calls of the scale-out mode: each call goes to the next of the cluster's virtual echo providers (facade) or of
/// as many typed echo grains (raw), round robin, so that the load is spread over whichever silos serve them.
/// </summary>
internal sealed class ScaleOutTargets
{
    private readonly CallableRemoteFunction[] _echo;
    private readonly CallableRemoteFunction[] _processId;
    private readonly IEchoGrain[] _grains;
    private long _next;

    private ScaleOutTargets(CallableRemoteFunction[] echo, CallableRemoteFunction[] processId, IEchoGrain[] grains)
    {
        _echo = echo;
        _processId = processId;
        _grains = grains;
    }

    public static async Task<ScaleOutTargets> CreateAsync(Engine engine, string engineAddress, IGrainFactory grains, int providers)
    {
        var address = await engine.LookupAsync(engineAddress).ConfigureAwait(false);
        var ids = Enumerable.Range(1, providers).Select(id => (ushort)id).ToArray();
        return new ScaleOutTargets(
            [.. ids.Select(id => engine.Register(EchoProvider.EchoRpc).On(address, id))],
            [.. ids.Select(id => engine.Register(EchoProvider.ProcessIdRpc).On(address, id))],
            [.. ids.Select(id => grains.GetGrain<IEchoGrain>(id))]);
    }

    public Func<byte[], Task> Facade => payload => _echo[Next(_echo.Length)].CallAsync<byte[]>(payload);

    public Func<byte[], Task> Raw => payload => _grains[Next(_grains.Length)].EchoAsync(payload);

    /// <summary>The process serving each virtual provider (asking activates it where Orleans places it).</summary>
    public async Task<int[]> ProcessIdsAsync() =>
        await Task.WhenAll(_processId.Select(f => f.CallAsync<int>())).ConfigureAwait(false);

    /// <summary>Checks that both paths return the payload intact on every provider and grain before anything is timed.</summary>
    public async Task VerifyAsync(byte[] payload)
    {
        foreach (var call in _echo.Select(f => f.CallAsync<byte[]>(payload)).Concat(_grains.Select(g => g.EchoAsync(payload))))
        {
            if (!(await call.ConfigureAwait(false)).AsSpan().SequenceEqual(payload))
            {
                throw new InvalidOperationException($"An echo of {payload.Length} bytes came back altered.");
            }
        }
    }

    private int Next(int length) => (int)((ulong)Interlocked.Increment(ref _next) % (ulong)length);
}
