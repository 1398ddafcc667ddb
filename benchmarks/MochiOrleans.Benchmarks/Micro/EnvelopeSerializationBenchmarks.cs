using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using MochiOrleans.Benchmarks.Workload;
using MochiOrleans.Grains;
using Orleans.Serialization;

namespace MochiOrleans.Benchmarks.Micro;

/// <summary>
/// What the facade's envelopes cost the Orleans serializer (TCP) and copier (in process), against the bare
/// <c>byte[]</c> a raw typed call carries.
/// </summary>
public class EnvelopeSerializationBenchmarks
{
    private Serializer _serializer = null!;
    private DeepCopier _copier = null!;
    private ServiceProvider _services = null!;
    private byte[] _buffer = null!;
    private byte[] _payload = null!;
    private RpcRequest _request = null!;
    private RpcResponse _response = null!;
    private byte[] _serializedPayload = null!;
    private byte[] _serializedRequest = null!;
    private byte[] _serializedResponse = null!;

    [Params(16, 64 * 1024)]
    public int PayloadBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        _serializer = _services.GetRequiredService<Serializer>();
        _copier = _services.GetRequiredService<DeepCopier>();
        _payload = new byte[PayloadBytes];
        Random.Shared.NextBytes(_payload);
        _request = new RpcRequest(EchoProvider.EchoRpc, EchoProvider.ProviderId, [_payload], null, "client://0123456789abcdef0123456789abcdef");
        _response = RpcResponse.FromValue(_payload);
        _buffer = new byte[PayloadBytes + 4096];
        _serializedPayload = _serializer.SerializeToArray(_payload);
        _serializedRequest = _serializer.SerializeToArray(_request);
        _serializedResponse = _serializer.SerializeToArray(_response);
        if (_serializer.Deserialize<RpcRequest>(_serializedRequest)?.Args[0] is not byte[] copy || !copy.AsSpan().SequenceEqual(_payload))
        {
            throw new InvalidOperationException("RpcRequest does not round-trip.");
        }

        Console.WriteLine(
            $"// serialized bytes for a {PayloadBytes} B payload: byte[] {_serializedPayload.Length}, " +
            $"RpcRequest {_serializedRequest.Length}, RpcResponse {_serializedResponse.Length}");
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Description = "serialize byte[] (raw call body)", Baseline = true)]
    public int SerializePayload() => _serializer.Serialize(_payload, _buffer);

    [Benchmark(Description = "serialize RpcRequest")]
    public int SerializeRequest() => _serializer.Serialize(_request, _buffer);

    [Benchmark(Description = "serialize RpcResponse")]
    public int SerializeResponse() => _serializer.Serialize(_response, _buffer);

    [Benchmark(Description = "deserialize byte[] (raw call body)")]
    public byte[] DeserializePayload() => _serializer.Deserialize<byte[]>(_serializedPayload)!;

    // The envelopes are internal (the wire protocol is no public API) and BenchmarkDotNet needs public methods: object.
    [Benchmark(Description = "deserialize RpcRequest")]
    public object DeserializeRequest() => _serializer.Deserialize<RpcRequest>(_serializedRequest)!;

    [Benchmark(Description = "deserialize RpcResponse")]
    public object DeserializeResponse() => _serializer.Deserialize<RpcResponse>(_serializedResponse)!;

    [Benchmark(Description = "deep copy byte[] (in-process raw call)")]
    public byte[] CopyPayload() => _copier.Copy(_payload);

    [Benchmark(Description = "deep copy RpcRequest (in-process facade, [Immutable])")]
    public object CopyRequest() => _copier.Copy(_request);
}
