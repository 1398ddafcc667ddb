using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Messaging;
using Orleans.Serialization.Session;

namespace MochiOrleans.Internal.Networking;

/// <summary>
/// Orleans connection middleware that lets a frame through to Orleans only once it has arrived whole and passed
/// <see cref="FrameCheck"/>; the first frame that fails closes the connection before Orleans deserializes anything
/// of it. Orleans' own deserializer recurses without a bound over message headers (request context values are
/// <c>object</c>) and over fields it does not know in any body, so without this a hand-built client could overflow a
/// silo's stack, which no code can catch.
/// </summary>
/// <remarks>
/// Sits after TLS (it is added with <c>PostConfigure</c>, so after every <c>ConfigureConnection</c> delegate,
/// Orleans' TLS middleware included) and so reads plaintext. A connection starts with Orleans' preamble (a 32-bit
/// length, at most 1024 bytes, then a serialized value), then carries frames. Closing the connection rather than
/// dropping one frame: a frame whose header cannot be trusted cannot be answered, and skipping a request would leave
/// its caller waiting. Outgoing data passes untouched. Orleans reads the checked frames in the transport's own buffers
/// through <see cref="CheckedFrameReader"/>: no copy, no second pipe.
/// </remarks>
internal sealed partial class FrameGuard(
    FrameGuardLimits limits,
    SerializerSessionPool sessions,
    ILogger<FrameGuard> logger) : IConnectionMiddleware
{
    /// <summary>Orleans' <c>ConnectionPreambleHelper</c> refuses longer preambles.</summary>
    private const int MaxPreambleLength = 1024;

    public async Task OnConnectionAsync(ConnectionContext context, ConnectionDelegate next)
    {
        var transport = context.Transport;
        context.Transport = new CheckedTransport(new CheckedFrameReader(transport.Input, this, context.ConnectionId), transport.Output);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            context.Transport = transport;
        }
    }

    /// <summary>Logs why a connection is closed and returns what its reader throws.</summary>
    public ConnectionAbortedException Refuse(string connectionId, string problem)
    {
        LogRefused(logger, connectionId, problem);
        return new ConnectionAbortedException($"MochiOrleans refused an incoming message: {problem}");
    }

    /// <summary>The length of the whole preamble once it has arrived (0 before), or why it is refused.</summary>
    public (long Length, string? Problem) CheckPreamble(ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < sizeof(int))
        {
            return (0, null);
        }

        Span<byte> prefix = stackalloc byte[sizeof(int)];
        buffer.Slice(0, sizeof(int)).CopyTo(prefix);
        var length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
        if (length is < 0 or > MaxPreambleLength)
        {
            return (0, $"a connection preamble of {length} bytes (Orleans allows 0 to {MaxPreambleLength})");
        }

        if (buffer.Length < sizeof(int) + length)
        {
            return (0, null);
        }

        var verdict = Scan(buffer.Slice(sizeof(int), length), static (bytes, depth, session) => WireDepthScan.Scan(bytes, depth, session));
        return verdict == WireScanResult.Within ? (sizeof(int) + length, null) : (0, Describe("connection preamble", verdict));
    }

    /// <summary>The length of the whole frame once it has arrived (0 before), or why it is refused.</summary>
    public (long Length, string? Problem) CheckFrame(ReadOnlySequence<byte> buffer)
    {
        if (buffer.Length < FrameCheck.FramingLength)
        {
            return (0, null);
        }

        Span<byte> framing = stackalloc byte[FrameCheck.FramingLength];
        buffer.Slice(0, FrameCheck.FramingLength).CopyTo(framing);
        var (headerLength, bodyLength) = FrameCheck.ReadLengths(framing);

        // Refused as soon as the lengths arrive, as Orleans does, rather than after buffering the frame.
        if (headerLength <= 0 || headerLength > limits.MaxHeaderBytes)
        {
            return (0, $"a message header of {headerLength} bytes (MessagingOptions.MaxMessageHeaderSize is {limits.MaxHeaderBytes})");
        }

        if (bodyLength < 0 || bodyLength > limits.MaxBodyBytes)
        {
            return (0, $"a message body of {bodyLength} bytes (MessagingOptions.MaxMessageBodySize is {limits.MaxBodyBytes})");
        }

        var frameLength = (long)FrameCheck.FramingLength + headerLength + bodyLength;
        if (buffer.Length < frameLength)
        {
            return (0, null);
        }

        var header = Scan(buffer.Slice(FrameCheck.FramingLength, headerLength), FrameCheck.ScanHeader);
        if (header != WireScanResult.Within)
        {
            return (0, Describe("message header", header));
        }

        var body = Scan(buffer.Slice(FrameCheck.FramingLength + headerLength, bodyLength), FrameCheck.ScanBody);
        return body == WireScanResult.Within ? (frameLength, null) : (0, Describe("message body", body));
    }

    private WireScanResult Scan(ReadOnlySequence<byte> bytes, SpanScan scan)
    {
        using var session = sessions.GetSession();
        if (bytes.IsSingleSegment)
        {
            return scan(bytes.FirstSpan, limits.MaxDepth, session);
        }

        var length = (int)bytes.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            bytes.CopyTo(rented);
            return scan(rented.AsSpan(0, length), limits.MaxDepth, session);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private string Describe(string part, WireScanResult verdict) => verdict == WireScanResult.TooDeep
        ? $"a {part} nesting more than {limits.MaxDepth} levels"
        : $"a {part} not in Orleans' format";

    [LoggerMessage(EventId = 1800, Level = LogLevel.Warning, Message = "Closed connection {ConnectionId}: it sent {Problem}, which Orleans would not deserialize safely.")]
    private static partial void LogRefused(ILogger logger, string connectionId, string problem);

    private delegate WireScanResult SpanScan(ReadOnlySpan<byte> bytes, int maxDepth, SerializerSession session);

    private sealed class CheckedTransport(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
