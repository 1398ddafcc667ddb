using System.Globalization;
using System.Reflection;
using Google.Protobuf;
using Grpc.Net.Client;
using MochiOrleans.Benchmarks.Peers.Grpc;
using MochiOrleans.Testing;

namespace MochiOrleans.Benchmarks.Peers;

/// <summary>
/// The gRPC peer: this benchmark re-launched with <c>--serve-grpc</c> as a separate h2c server process, and one
/// <see cref="GrpcChannel"/> to it with gRPC for .NET's defaults (what a user would write), shared by every caller as
/// the Orleans client's one gateway connection is.
/// </summary>
internal sealed class GrpcPeer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly ChildProcess _process;
    private readonly GrpcChannel _channel;
    private readonly Echo.EchoClient _client;

    private GrpcPeer(ChildProcess process, GrpcChannel channel)
    {
        _process = process;
        _channel = channel;
        _client = new Echo.EchoClient(channel);
    }

    public int ProcessId => _process.Id;

    public static async Task<GrpcPeer> StartAsync()
    {
        var process = ChildProcess.StartAssembly(Assembly.GetEntryAssembly()!.Location, [ServeGrpcCommand.Flag], echo: Print);
        try
        {
            var line = await process.WaitForLineAsync(ServeGrpcCommand.ReadyPrefix, StartTimeout).ConfigureAwait(false);
            var port = int.Parse(line[(line.IndexOf(ServeGrpcCommand.ReadyPrefix, StringComparison.Ordinal) + ServeGrpcCommand.ReadyPrefix.Length)..], CultureInfo.InvariantCulture);
            // An http:// address is HTTP/2 with prior knowledge (h2c) in Grpc.Net.Client.
            return new GrpcPeer(process, GrpcChannel.ForAddress(new Uri($"http://127.0.0.1:{port}")));
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>One unary echo; the payload is copied into the message as a gRPC user would (<c>ByteString.CopyFrom</c>).</summary>
    public async Task<byte[]> EchoAsync(byte[] payload)
    {
        var reply = await _client.EchoAsync(new EchoMessage { Payload = ByteString.CopyFrom(payload) }).ConfigureAwait(false);
        return reply.Payload.ToByteArray();
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();

        // Closing its input is the server's signal to stop; one that does not is killed.
        await using (_process.ConfigureAwait(false))
        {
            await _process.StopAsync(StopTimeout).ConfigureAwait(false);
        }
    }

    private static void Print(string line)
    {
        if (!line.StartsWith(ServeGrpcCommand.ReadyPrefix, StringComparison.Ordinal))
        {
            Console.Error.WriteLine("[grpc] " + line);
        }
    }
}
