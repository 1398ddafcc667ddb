using System.Buffers.Binary;

namespace MochiOrleans.Internal.Transfers;

/// <summary>
/// The bytes of a bulk data channel after its handshake: the sender writes the range in frames of at most
/// <see cref="BulkChunking.ChunkBytes"/> straight from the exposed memory, each after a 4-byte length (or a negative
/// code and a message when it must stop: the bulk was disposed, its engine finalized); the receiver reads each frame
/// straight into the memory it belongs to, then answers with a status once every byte has landed. TCP's window is the
/// pipeline: the sender never waits for a chunk's answer.
/// </summary>
/// <remarks>
/// Every read and write has the idle deadline <c>idle</c> (a peer silent that long is gone: <see cref="TimeoutException"/>)
/// and the caller's token; either closes nothing by itself, the caller disposes the stream. A receiver copies a frame's
/// bytes only into the frame's own place, in order, and reports progress after each frame; if it fails part way
/// through a frame it reports the bytes that frame did write, so that progress always names the prefix written.
/// </remarks>
internal static class BulkChannelStream
{
    /// <summary>Sends <paramref name="source"/>, then waits for the receiver's status.</summary>
    /// <param name="stream">The admitted channel.</param>
    /// <param name="source">The bytes to send.</param>
    /// <param name="check">Before each frame: why the sender must stop, or <see langword="null"/>.</param>
    /// <param name="progress">Told the bytes sent after each frame.</param>
    /// <param name="idle">How long one read or write may wait.</param>
    /// <param name="cancellationToken">Stops the transfer.</param>
    /// <exception cref="MargoException">The receiver refused (its code), or <paramref name="check"/> stopped the sender.</exception>
    public static async Task SendAsync(
        Stream stream, ReadOnlyMemory<byte> source, Func<BulkRefusal?>? check, IProgress<long>? progress, TimeSpan idle, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var header = new byte[4];

        // The receiver may refuse part way (its bulk disposed): its status arrives while we still write.
        var status = BulkChannelHandshake.ReadStatusAsync(stream, timer.Token);
        try
        {
            for (var done = 0L; done < source.Length;)
            {
                if (status.IsCompleted)
                {
                    await status.ConfigureAwait(false);
                    throw new MargoException(MargoErrorCode.RemoteError, "The receiver of the bulk channel answered before every byte was sent.");
                }

                if (check?.Invoke() is { } refusal)
                {
                    await WriteRefusalAsync(stream, refusal, header, Restart(timer, idle)).ConfigureAwait(false);
                    throw new MargoException(refusal.Code, refusal.Message);
                }

                var length = (int)Math.Min(BulkChunking.ChunkBytes, source.Length - done);
                BinaryPrimitives.WriteInt32LittleEndian(header, length);
                var token = Restart(timer, idle);
                await stream.WriteAsync(header, token).ConfigureAwait(false);
                await stream.WriteAsync(source.Slice((int)done, length), token).ConfigureAwait(false);
                done += length;
                progress?.Report(done);
            }

            await stream.FlushAsync(Restart(timer, idle)).ConfigureAwait(false);
            Restart(timer, idle);
            await status.ConfigureAwait(false);
        }
        catch (IOException exception)
        {
            // Writing fails when the receiver stopped reading and closed: its status, if it sent one, says why.
            if (await RefusalAsync(status).ConfigureAwait(false) is { } refused)
            {
                throw new MargoException(refused.Code, refused.Message, innerException: exception);
            }

            throw;
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The peer of the bulk channel went silent for {idle}.", exception);
        }
        finally
        {
            timer.Cancel();
            await ObserveAsync(status).ConfigureAwait(false);
        }
    }

    /// <summary>Receives exactly <paramref name="target"/>'s length into it, then answers with a status.</summary>
    /// <param name="stream">The admitted channel.</param>
    /// <param name="target">Where the bytes go, in order.</param>
    /// <param name="check">Before each frame: why the receiver must stop (answered to the sender), or <see langword="null"/>.</param>
    /// <param name="progress">Told the bytes written after each frame (and, on failure, what a partial frame wrote).</param>
    /// <param name="idle">How long one read or write may wait.</param>
    /// <param name="cancellationToken">Stops the transfer.</param>
    /// <exception cref="MargoException">The sender stopped (its code), or <paramref name="check"/> stopped the receiver.</exception>
    public static async Task ReceiveAsync(
        Stream stream, Memory<byte> target, Func<BulkRefusal?>? check, IProgress<long>? progress, TimeSpan idle, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var header = new byte[4];
        var done = 0L;
        var partial = 0;
        try
        {
            while (done < target.Length)
            {
                if (check?.Invoke() is { } refusal)
                {
                    await BulkChannelHandshake.WriteStatusAsync(stream, refusal.Code, refusal.Message, Restart(timer, idle)).ConfigureAwait(false);
                    throw new MargoException(refusal.Code, refusal.Message);
                }

                await stream.ReadExactlyAsync(header, Restart(timer, idle)).ConfigureAwait(false);
                var length = BinaryPrimitives.ReadInt32LittleEndian(header);
                if (length < 0)
                {
                    throw await BulkChannelHandshake.ReadRefusalAsync(stream, -length - 1, Restart(timer, idle)).ConfigureAwait(false);
                }

                var expected = (int)Math.Min(BulkChunking.ChunkBytes, target.Length - done);
                if (length != expected)
                {
                    throw new MargoException(MargoErrorCode.RemoteError, $"The sender of the bulk channel sent a frame of {length} bytes where {expected} were due.");
                }

                var frame = target.Slice((int)done, length);
                for (partial = 0; partial < length;)
                {
                    var read = await stream.ReadAsync(frame[partial..], Restart(timer, idle)).ConfigureAwait(false);
                    if (read == 0)
                    {
                        throw new EndOfStreamException($"The bulk channel closed after {done + partial} of {target.Length} bytes.");
                    }

                    partial += read;
                }

                done += length;
                partial = 0;
                progress?.Report(done);
            }

            await BulkChannelHandshake.WriteStatusAsync(stream, null, null, Restart(timer, idle)).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            Partial(progress, done, partial);
            throw new TimeoutException($"The peer of the bulk channel went silent for {idle}.", exception);
        }
        catch
        {
            Partial(progress, done, partial);
            throw;
        }
    }

    private static void Partial(IProgress<long>? progress, long done, int partial)
    {
        if (partial > 0)
        {
            progress?.Report(done + partial);
        }
    }

    private static async Task WriteRefusalAsync(Stream stream, BulkRefusal refusal, byte[] header, CancellationToken cancellationToken)
    {
        BinaryPrimitives.WriteInt32LittleEndian(header, -(int)refusal.Code - 1);
        await stream.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        var text = System.Text.Encoding.UTF8.GetBytes(refusal.Message.Length <= 1024 ? refusal.Message : refusal.Message[..1024]);
        var length = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)text.Length);
        await stream.WriteAsync(length, cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(text, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Restarts the idle deadline for the next read or write and returns the token that carries it.</summary>
    private static CancellationToken Restart(CancellationTokenSource timer, TimeSpan idle)
    {
        if (idle != Timeout.InfiniteTimeSpan)
        {
            timer.CancelAfter(idle);
        }

        return timer.Token;
    }

    /// <summary>The refusal a receiver sent before it closed, if it arrives promptly.</summary>
    private static async Task<MargoException?> RefusalAsync(Task status)
    {
        try
        {
            await status.WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            return null;
        }
        catch (MargoException refused)
        {
            return refused;
        }
        catch (Exception)
        {
            return null;
        }
    }

    private static async Task ObserveAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Its outcome was used above, or no longer matters: the channel failed for another reason first.
        }
    }
}
