using MochiOrleans.Benchmarks.Peers;
using MochiOrleans.Benchmarks.Workload;
using MochiOrleans.Grains;

namespace MochiOrleans.Benchmarks.Macro;

/// <summary>
/// Every call a run makes (<see cref="CallMode"/>), bound once to one engine and one grain factory so that the timed
/// loops do nothing but call.
/// </summary>
internal sealed class EchoTargets
{
    private readonly CallableRemoteFunction _echo;
    private readonly CallableRemoteFunction _sink;
    private readonly IEcho _proxy;
    private readonly IEmittedEcho _emittedProxy;
    private readonly IEchoGrain _grain;
    private readonly IProviderGrain _provider;
    private readonly IRelayGrain _relay;
    private readonly string _caller;
    private readonly PeerTargets? _peers;

    private EchoTargets(
        CallableRemoteFunction echo,
        CallableRemoteFunction sink,
        IEcho proxy,
        IEmittedEcho emittedProxy,
        IEchoGrain grain,
        IProviderGrain provider,
        IRelayGrain relay,
        string caller,
        PeerTargets? peers)
    {
        _peers = peers;
        _echo = echo;
        _sink = sink;
        _proxy = proxy;
        _emittedProxy = emittedProxy;
        _grain = grain;
        _provider = provider;
        _relay = relay;
        _caller = caller;
    }

    /// <summary>Looks the silo's engine up by its address string, as a Mochi client would; <paramref name="peers"/> serve the peer modes.</summary>
    public static async Task<EchoTargets> CreateAsync(Engine engine, string engineAddress, IGrainFactory grains, PeerTargets? peers = null)
    {
        var address = await engine.LookupAsync(engineAddress).ConfigureAwait(false);
        return new EchoTargets(
            engine.Register(EchoProvider.EchoRpc).On(address, EchoProvider.ProviderId),
            engine.Register(EchoProvider.SinkRpc).DisableResponse().On(address, EchoProvider.ProviderId),
            await engine.CreateProxyAsync<IEcho>(address, EchoProvider.ProviderId).ConfigureAwait(false),
            await engine.CreateProxyAsync<IEmittedEcho>(address, EchoProvider.ProviderId).ConfigureAwait(false),
            grains.GetGrain<IEchoGrain>(0),
            grains.GetGrain<IProviderGrain>($"{EchoProvider.ServiceName}:{EchoProvider.ProviderId}"),
            grains.GetGrain<IRelayGrain>(0),
            engine.Address.ToString(),
            peers);
    }

    public Func<byte[], Task> For(CallMode mode) => mode switch
    {
        CallMode.Facade => payload => _echo.CallAsync<byte[]>(payload),
        CallMode.Proxy => _proxy.EchoAsync,
        CallMode.EmittedProxy => _emittedProxy.EchoAsync,
        CallMode.Raw => _grain.EchoAsync,
        CallMode.FacadeOneWay => payload => _sink.CallAsync(payload),
        CallMode.RawOneWay => _grain.SinkAsync,
        CallMode.Envelope => payload => _grain.EnvelopeAsync(Request(payload)),
        CallMode.EnvelopeWithToken => payload => _grain.EnvelopeWithTokenAsync(Request(payload), CancellationToken.None),
        CallMode.ProviderDirect => payload => _provider.InvokeAsync(Request(payload), CancellationToken.None),
        CallMode.RawRelay => _relay.EchoAsync,
        CallMode.Grpc or CallMode.FacadeTls => (_peers ?? throw new InvalidOperationException($"No peers were started for {mode}.")).For(mode),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    public Task<long> DeliveredAsync() => _grain.GetDeliveredAsync();

    /// <summary>Checks that every echo path return the payload intact before any of them is timed.</summary>
    public async Task VerifyAsync(byte[] payload)
    {
        var viaFacade = await _echo.CallAsync<byte[]>(payload).ConfigureAwait(false);
        var viaProxy = await _proxy.EchoAsync(payload).ConfigureAwait(false);
        var viaGrain = await _grain.EchoAsync(payload).ConfigureAwait(false);
        if (!viaFacade.AsSpan().SequenceEqual(payload) || !viaProxy.AsSpan().SequenceEqual(payload) || !viaGrain.AsSpan().SequenceEqual(payload))
        {
            throw new InvalidOperationException($"An echo of {payload.Length} bytes came back altered.");
        }

        if (_peers is not null)
        {
            await _peers.VerifyAsync(payload).ConfigureAwait(false);
        }
    }

    // The envelope the facade builds for one positional argument.
    private RpcRequest Request(byte[] payload) => new(EchoProvider.EchoRpc, EchoProvider.ProviderId, [payload], null, _caller);

    /// <summary>
    /// <see cref="IEcho"/> again, private so that the source generator cannot name it: <c>CreateProxy</c> emits its
    /// class at run time, as for any interface from an assembly built without the generator.
    /// </summary>
    [Provider(EchoProvider.ServiceName)]
    private interface IEmittedEcho
    {
        Task<byte[]> EchoAsync(byte[] payload);
    }
}
