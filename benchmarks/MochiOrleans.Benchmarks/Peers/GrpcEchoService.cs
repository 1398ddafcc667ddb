using Google.Protobuf;
using Grpc.Core;
using MochiOrleans.Benchmarks.Peers.Grpc;

namespace MochiOrleans.Benchmarks.Peers;

/// <summary>The gRPC peer's server side: returns the payload it was sent, like <c>bench_echo</c>.</summary>
internal sealed class GrpcEchoService : Echo.EchoBase
{
    public override Task<EchoMessage> Echo(EchoMessage request, ServerCallContext context) => Task.FromResult(request);
}
