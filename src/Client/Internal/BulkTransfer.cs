using MochiOrleans.Grains;
using MochiOrleans.Internal.Transfers;

namespace MochiOrleans.Internal;

/// <summary>
/// One <c>Engine.TransferAsync</c>: its checks (Mercury's rules), then the bytes in chunks of
/// <see cref="BulkChunking.ChunkBytes"/> with <see cref="BulkChunking.Window"/> in flight, so that a transfer of any size
/// holds a bounded amount of memory besides the two buffers and no message comes near Orleans' size limits.
/// </summary>
/// <remarks>
/// Chunks are sent in a pipeline but completed in order, and a pulled chunk is copied into the local buffer only when
/// every chunk before it has been: a transfer that fails has written exactly the prefix its progress reported, and no
/// chunk still in flight writes anything after it failed.
/// </remarks>
internal sealed class BulkTransfer(
    BulkOperation operation,
    MochiOrleans.Bulk origin,
    long originOffset,
    MochiOrleans.Bulk local,
    long localOffset,
    long size,
    TimeSpan chunkTimeout)
{
    public async Task RunAsync(IProgress<long>? progress, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        Check();
        if (size == 0)
        {
            return;
        }

        if (cancellationToken.IsCancellationRequested)
        {
            throw Fail(MargoErrorCode.Canceled, "The bulk transfer was cancelled before it started.");
        }

        using var deadline = CallDeadline.Start(timeout ?? Timeout.InfiniteTimeSpan, cancellationToken);
        try
        {
            if (origin.Owner is not null)
            {
                CopyInProcess(progress, deadline.Token);
            }
            else
            {
                await PipelineAsync(progress, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException exception) when (deadline.Token.IsCancellationRequested)
        {
            throw deadline.Expired
                ? new MargoException(MargoErrorCode.Timeout, $"The bulk transfer did not complete within {timeout}.", innerException: exception)
                : new MargoException(MargoErrorCode.Canceled, "The bulk transfer was cancelled.", innerException: exception);
        }
    }

    private void Check()
    {
        if (local.Owner is null)
        {
            throw Fail(MargoErrorCode.InvalidArgument, "The local bulk must be one this process created with Engine.CreateBulk; this one was received from another engine.");
        }

        if (local.IsDisposed)
        {
            throw Fail(MargoErrorCode.NoEntry, "The local bulk has been disposed.");
        }

        if (origin.Owner is not null && (origin.IsDisposed || !origin.Owner.IsExposed(origin)))
        {
            throw Fail(MargoErrorCode.NoEntry, "The origin bulk has been disposed.");
        }

        if (origin.Owner is null && origin.Endpoint is null)
        {
            throw Fail(MargoErrorCode.NoEntry, "The origin bulk names no engine that can be reached.");
        }

        var (source, target) = operation == BulkOperation.Pull ? (origin, local) : (local, origin);
        if (!source.IsReadable)
        {
            throw Fail(MargoErrorCode.Permission, $"A {operation} reads the {Role(source)} bulk, which is {source.Mode}.");
        }

        if (!target.IsWritable)
        {
            throw Fail(MargoErrorCode.Permission, $"A {operation} writes the {Role(target)} bulk, which is {target.Mode}.");
        }

        if (size < 0)
        {
            throw Fail(MargoErrorCode.InvalidArgument, $"The size {size} is negative.");
        }

        CheckRange(origin, originOffset, "origin");
        CheckRange(local, localOffset, "local");
    }

    private void CheckRange(MochiOrleans.Bulk bulk, long offset, string role)
    {
        if (offset < 0 || offset > bulk.Size - size)
        {
            throw Fail(MargoErrorCode.InvalidArgument, $"Bytes {offset}..{offset + size} are outside the {role} bulk's {bulk.Size} bytes.");
        }
    }

    private string Role(MochiOrleans.Bulk bulk) => ReferenceEquals(bulk, origin) ? "origin" : "local";

    /// <summary>Both bulks live in this process (an engine's own, or a silo calling itself): a plain copy, chunk by chunk.</summary>
    private void CopyInProcess(IProgress<long>? progress, CancellationToken token)
    {
        var (from, fromOffset, to, toOffset) = operation == BulkOperation.Pull
            ? (origin, originOffset, local, localOffset)
            : (local, localOffset, origin, originOffset);
        for (long done = 0; done < size;)
        {
            token.ThrowIfCancellationRequested();
            if (!origin.Owner!.IsExposed(origin))
            {
                throw Fail(MargoErrorCode.NoEntry, "The origin bulk was disposed during the transfer.");
            }

            var length = (int)Math.Min(BulkChunking.ChunkBytes, size - done);
            from.Memory.Span.Slice((int)(fromOffset + done), length).CopyTo(to.Memory.Span.Slice((int)(toOffset + done), length));
            done += length;
            progress?.Report(done);
        }
    }

    private async Task PipelineAsync(IProgress<long>? progress, CancellationToken token)
    {
        var endpoint = origin.Endpoint!;
        var window = new Queue<(long Offset, int Length, Task<BulkReply> Reply)>(BulkChunking.Window);
        long next = 0;
        long done = 0;
        try
        {
            while (done < size)
            {
                // A chunk that has already arrived would not look at the token: a slow progress callback must not
                // outlive the transfer's deadline.
                token.ThrowIfCancellationRequested();
                while (window.Count < BulkChunking.Window && next < size)
                {
                    var length = (int)Math.Min(BulkChunking.ChunkBytes, size - next);
                    window.Enqueue((next, length, Send(endpoint, next, length)));
                    next += length;
                }

                var (offset, chunk, pending) = window.Dequeue();
                var reply = await Await(endpoint, pending, token).ConfigureAwait(false);
                if (reply.Error is { } code)
                {
                    throw Fail(code, $"The origin's engine refused bytes {originOffset + offset}..{originOffset + offset + chunk}: {reply.Message}");
                }

                if (operation == BulkOperation.Pull)
                {
                    try
                    {
                        if (reply.Data.Memory.Length != chunk)
                        {
                            throw Fail(MargoErrorCode.RemoteError, $"The origin's engine sent {reply.Data.Memory.Length} bytes for a chunk of {chunk}.");
                        }

                        reply.Data.Memory.Span.CopyTo(local.Memory.Span.Slice((int)(localOffset + offset), chunk));
                    }
                    finally
                    {
                        reply.Data.Release();
                    }
                }

                done += chunk;
                progress?.Report(done);
            }
        }
        finally
        {
            // Chunks still in flight after a failure are dropped unread; their faults are observed here.
            foreach (var (_, _, pending) in window)
            {
                _ = pending.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    private Task<BulkReply> Send(BulkEndpoint endpoint, long offset, int length) =>
        operation == BulkOperation.Pull
            ? endpoint.ReadAsync(origin.Id, originOffset + offset, length)
            : endpoint.WriteAsync(origin.Id, originOffset + offset, new BulkBytes(local.Memory.Slice((int)(localOffset + offset), length)));

    private async Task<BulkReply> Await(BulkEndpoint endpoint, Task<BulkReply> pending, CancellationToken token)
    {
        try
        {
            return await pending.WaitAsync(chunkTimeout, token).ConfigureAwait(false);
        }
        catch (TimeoutException exception) when (endpoint.IsClient)
        {
            // A connected client answers a chunk in milliseconds; one that stays silent this long is gone.
            throw new MargoException(MargoErrorCode.Unreachable, $"The client engine that owns the origin bulk did not answer a chunk within {chunkTimeout}: it is gone.", innerException: exception);
        }
        catch (TimeoutException exception)
        {
            throw new MargoException(MargoErrorCode.Timeout, $"A chunk of the bulk transfer got no answer within {chunkTimeout}.", innerException: exception);
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or MargoException))
        {
            // Orleans could not deliver the chunk: the owner's silo stopped, or its client disconnected.
            throw new MargoException(MargoErrorCode.Unreachable, $"The engine that owns the origin bulk cannot be reached: {exception.Message}", innerException: exception);
        }
    }

    private static MargoException Fail(MargoErrorCode code, string message) => new(code, message);
}
