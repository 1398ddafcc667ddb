using MochiOrleans.Grains;
using MochiOrleans.Internal.Transfers;

namespace MochiOrleans.Internal;

/// <summary>
/// One <c>Engine.TransferAsync</c>: its checks (Mercury's rules), then the bytes over a data channel negotiated through
/// the owner's bulk grain or observer (<see cref="BulkChannelStream"/>), or, when no channel can be made, in chunks of
/// <see cref="BulkChunking.ChunkBytes"/> as Orleans messages with <see cref="BulkChunking.Window"/> in flight. Either
/// way a transfer of any size holds a bounded amount of memory besides the two buffers.
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
    TimeSpan chunkTimeout,
    BulkChannels channels)
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
            else if (!await TryChannelAsync(progress, deadline.Token).ConfigureAwait(false))
            {
                channels.CountMessages();
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

    /// <summary>
    /// Moves the range over a data channel, connected toward a silo: to the owner's silo for a server engine's bulk
    /// (ticket from its bulk grain), to this silo for a client engine's bulk (ticket sent to its observer, which
    /// connects). False when no channel can be made; the owner's refusals (mode, range, disposed) raise their code.
    /// </summary>
    private async Task<bool> TryChannelAsync(IProgress<long>? progress, CancellationToken token)
    {
        var endpoint = origin.Endpoint!;
        if (!channels.Enabled || (endpoint.IsClient && channels.Listener is not { IsListening: true }))
        {
            // Disabled here, or a client engine transferring with another client's bulk: neither end listens.
            return false;
        }

        var binding = new BulkChannelBinding(origin.Id, operation, originOffset, size);
        var stream = endpoint.IsClient
            ? await ConnectFromOwnerAsync(endpoint, binding, token).ConfigureAwait(false)
            : await ConnectToOwnerAsync(endpoint, binding, token).ConfigureAwait(false);
        if (stream is null)
        {
            return false;
        }

        channels.CountChannel();
        await using (stream.ConfigureAwait(false))
        {
            await MoveAsync(stream, endpoint, progress, token).ConfigureAwait(false);
        }

        return true;
    }

    private async Task<Stream?> ConnectToOwnerAsync(BulkEndpoint endpoint, BulkChannelBinding binding, CancellationToken token)
    {
        var reply = await Await(endpoint, endpoint.OpenChannelAsync(binding), token).ConfigureAwait(false);
        ThrowIfRefused(reply);
        if (reply.Offer is not { } offer)
        {
            return null;
        }

        try
        {
            using var connecting = CancellationTokenSource.CreateLinkedTokenSource(token);
            connecting.CancelAfter(chunkTimeout);
            return await channels.Dialer.ConnectAsync(offer, binding, connecting.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (!token.IsCancellationRequested)
        {
            channels.FallingBack(Owner, $"connecting to {offer.Host}:{offer.Port} failed: {exception.Message}");
            return null;
        }
    }

    private async Task<Stream?> ConnectFromOwnerAsync(BulkEndpoint endpoint, BulkChannelBinding binding, CancellationToken token)
    {
        using var slot = channels.Listener!.Expect(binding);
        var asked = endpoint.ConnectChannelAsync(binding, slot.Offer);
        try
        {
            await Task.WhenAny(slot.Connected, asked).WaitAsync(chunkTimeout, token).ConfigureAwait(false);
        }
        catch (TimeoutException exception)
        {
            Observe(asked);
            throw new MargoException(MargoErrorCode.Unreachable, $"The client engine that owns the origin bulk did not answer within {chunkTimeout}: it is gone.", innerException: exception);
        }
        catch (OperationCanceledException)
        {
            Observe(asked);
            throw;
        }

        if (!slot.Connected.IsCompletedSuccessfully)
        {
            var reply = await Await(endpoint, asked, token).ConfigureAwait(false);
            ThrowIfRefused(reply);
            if (reply.Unavailable)
            {
                if (reply.Message is { } reason)
                {
                    channels.FallingBack(Owner, reason);
                }

                return null;
            }
        }
        else
        {
            Observe(asked);
        }

        // Admitted: the owner answers only once the listener admitted its connection, so this does not wait.
        try
        {
            return await slot.TakeAsync(chunkTimeout, token).ConfigureAwait(false);
        }
        catch (TimeoutException exception)
        {
            throw new MargoException(MargoErrorCode.Unreachable, "The client engine that owns the origin bulk said it connected, but no connection arrived.", innerException: exception);
        }
    }

    /// <summary>The bytes, over an admitted channel: received straight into the local buffer, or sent straight from it.</summary>
    private async Task MoveAsync(Stream stream, BulkEndpoint endpoint, IProgress<long>? progress, CancellationToken token)
    {
        try
        {
            if (operation == BulkOperation.Pull)
            {
                await BulkChannelStream.ReceiveAsync(stream, local.Memory.Slice((int)localOffset, (int)size), check: null, progress, chunkTimeout, token).ConfigureAwait(false);
            }
            else
            {
                await BulkChannelStream.SendAsync(stream, local.Memory.Slice((int)localOffset, (int)size), check: null, progress, chunkTimeout, token).ConfigureAwait(false);
            }
        }
        catch (MargoException exception)
        {
            throw Fail(exception.Code, $"The origin's engine stopped the transfer: {exception.Message}");
        }
        catch (TimeoutException exception) when (endpoint.IsClient)
        {
            throw new MargoException(MargoErrorCode.Unreachable, $"The client engine that owns the origin bulk went silent for {chunkTimeout}: it is gone.", innerException: exception);
        }
        catch (TimeoutException exception)
        {
            throw new MargoException(MargoErrorCode.Timeout, $"The data channel to the origin's engine went silent for {chunkTimeout}.", innerException: exception);
        }
        catch (Exception exception) when (token.IsCancellationRequested && exception is not OperationCanceledException)
        {
            throw new OperationCanceledException("The bulk transfer was stopped.", exception, token);
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            throw new MargoException(MargoErrorCode.Unreachable, $"The data channel to the engine that owns the origin bulk broke: {exception.Message}", innerException: exception);
        }
    }

    private string Owner => origin.Descriptor?.Owner ?? "?";

    private static void ThrowIfRefused(BulkChannelReply reply)
    {
        if (reply.Error is { } code)
        {
            throw Fail(code, $"The origin's engine refused the transfer: {reply.Message}");
        }
    }

    private static void Observe(Task task) =>
        _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

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

    private async Task<T> Await<T>(BulkEndpoint endpoint, Task<T> pending, CancellationToken token)
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
