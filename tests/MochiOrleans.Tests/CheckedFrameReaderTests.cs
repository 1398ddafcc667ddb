using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MochiOrleans.Internal.Networking;
using Orleans.Serialization;
using Orleans.Serialization.Session;

namespace MochiOrleans.Tests;

/// <summary>
/// The frame guard reads the connection's own buffers in place: what Orleans is shown must still be only whole, checked
/// frames, however the bytes arrive, and a frame is refused as soon as its lengths are known.
/// </summary>
public class CheckedFrameReaderTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task A_preamble_arriving_in_pieces_is_shown_only_once_whole_and_the_bytes_after_it_stay_unshown()
    {
        var (transport, reader) = Create();
        var preamble = Preamble();

        await transport.Writer.WriteAsync(preamble.AsMemory(0, 3)).WithDeadline();
        var read = reader.ReadAsync().AsTask();
        await Assert.ThrowsAsync<TimeoutException>(() => read.WaitAsync(Patience));

        // The rest of the preamble and the first half of a frame's lengths.
        await transport.Writer.WriteAsync(preamble[3..].Concat(new byte[4]).ToArray()).WithDeadline();
        var shown = await read.WithDeadline();
        Assert.Equal(preamble, shown.Buffer.ToArray());

        reader.AdvanceTo(shown.Buffer.End);
        var next = reader.ReadAsync().AsTask();
        await Assert.ThrowsAsync<TimeoutException>(() => next.WaitAsync(Patience));
        await transport.Writer.CompleteAsync();
        var last = await next.WithDeadline();
        Assert.True(last.IsCompleted);
        Assert.True(last.Buffer.IsEmpty);
    }

    [Fact]
    public async Task A_frame_whose_header_length_is_over_the_limit_is_refused_before_its_body_arrives()
    {
        var (transport, reader) = Create();
        await transport.Writer.WriteAsync(Preamble()).WithDeadline();
        var preamble = await reader.ReadAsync().WithDeadline();
        reader.AdvanceTo(preamble.Buffer.End);

        var lengths = new byte[FrameCheck.FramingLength];
        BinaryPrimitives.WriteInt32LittleEndian(lengths, 1 << 20);
        BinaryPrimitives.WriteInt32LittleEndian(lengths.AsSpan(4), 16);
        await transport.Writer.WriteAsync(lengths).WithDeadline();

        await Assert.ThrowsAsync<ConnectionAbortedException>(() => reader.ReadAsync().AsTask().WithDeadline());
        await Assert.ThrowsAsync<ConnectionAbortedException>(() => reader.ReadAsync().AsTask().WithDeadline());
    }

    private static byte[] Preamble()
    {
        var value = Services().GetRequiredService<Serializer>().SerializeToArray("a preamble value");
        var preamble = new byte[sizeof(int) + value.Length];
        BinaryPrimitives.WriteInt32LittleEndian(preamble, value.Length);
        value.CopyTo(preamble, sizeof(int));
        return preamble;
    }

    private static (Pipe Transport, CheckedFrameReader Reader) Create()
    {
        var guard = new FrameGuard(
            new FrameGuardLimits(FrameGuardLimits.LeastMaxDepth, MaxHeaderBytes: 64 * 1024, MaxBodyBytes: 1024 * 1024),
            Services().GetRequiredService<SerializerSessionPool>(),
            NullLogger<FrameGuard>.Instance);
        var transport = new Pipe();
        return (transport, new CheckedFrameReader(transport.Reader, guard, "test-connection"));
    }

    private static ServiceProvider Services() => new ServiceCollection().AddSerializer().BuildServiceProvider();
}
