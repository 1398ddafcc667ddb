using MochiOrleans.Internal;

namespace MochiOrleans;

public sealed partial class Engine
{
    /// <summary>
    /// Exposes <paramref name="buffer"/> for bulk transfers, in place (PyMargo's <c>engine.create_bulk(buffer, mode)</c>).
    /// Pass the bulk to another engine as an RPC argument or response; that engine pulls from or pushes to it with
    /// <see cref="TransferAsync(BulkOperation, MochiOrleans.Address, Bulk, long, Bulk, long, long, CancellationToken)"/>.
    /// </summary>
    /// <param name="buffer">The memory to expose; it must stay valid until the bulk is disposed.</param>
    /// <param name="mode">What other engines may do with it.</param>
    /// <returns>The bulk; dispose it to stop exposing the memory.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mode"/> is not a <see cref="BulkMode"/>.</exception>
    /// <exception cref="MargoException"><see cref="MargoErrorCode.Permission"/> once the engine is finalized.</exception>
    public Bulk CreateBulk(Memory<byte> buffer, BulkMode mode)
    {
        if (mode is not (BulkMode.ReadOnly or BulkMode.WriteOnly or BulkMode.ReadWrite))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "A bulk is ReadOnly, WriteOnly or ReadWrite.");
        }

        ThrowIfClosed();
        return _bulks.Expose(buffer, mode);
    }

    /// <summary>
    /// Copies <paramref name="size"/> bytes between a bulk another engine exposed and a local one (PyMargo's
    /// <c>engine.transfer(...)</c>): <see cref="BulkOperation.Pull"/> from (<paramref name="origin"/>,
    /// <paramref name="originOffset"/>) into (<paramref name="local"/>, <paramref name="localOffset"/>),
    /// <see cref="BulkOperation.Push"/> the other way. A push has landed in the origin's memory when the task completes.
    /// </summary>
    /// <param name="operation">Pull or push.</param>
    /// <param name="originAddress">The engine the origin bulk came from (usually <c>handle.Address</c>); a client engine's too.</param>
    /// <param name="origin">A bulk received from that engine (or created by this one).</param>
    /// <param name="originOffset">Where the bytes start in the origin bulk.</param>
    /// <param name="local">A bulk created by this process with <see cref="CreateBulk"/>.</param>
    /// <param name="localOffset">Where the bytes start in the local bulk.</param>
    /// <param name="size">How many bytes to copy; no limit of its own (<see cref="EngineOptions.MaxPayloadBytes"/> does not apply).</param>
    /// <param name="cancellationToken">Stops the transfer (<see cref="MargoErrorCode.Canceled"/>).</param>
    /// <returns>Completes once every byte has been copied.</returns>
    /// <exception cref="MargoException">
    /// <see cref="MargoErrorCode.Permission"/> when a bulk's mode forbids the operation (pull needs a readable origin and a
    /// writable local bulk, push the reverse) or the engine is finalizing; <see cref="MargoErrorCode.InvalidArgument"/>
    /// for a range outside either bulk or a local bulk this process did not create; <see cref="MargoErrorCode.NoEntry"/>
    /// for a disposed or unknown bulk; <see cref="MargoErrorCode.Unreachable"/> when the origin's engine is gone;
    /// <see cref="MargoErrorCode.Timeout"/> when a chunk gets no answer within the engine's default call timeout.
    /// A pull that fails has written a prefix of the range (what progress reported), nothing else.
    /// </exception>
    public Task TransferAsync(
        BulkOperation operation,
        Address originAddress,
        Bulk origin,
        long originOffset,
        Bulk local,
        long localOffset,
        long size,
        CancellationToken cancellationToken = default) =>
        TransferAsync(operation, originAddress, origin, originOffset, local, localOffset, size, progress: null, timeout: null, cancellationToken);

    /// <inheritdoc cref="TransferAsync(BulkOperation, MochiOrleans.Address, Bulk, long, Bulk, long, long, CancellationToken)"/>
    /// <param name="operation">Pull or push.</param>
    /// <param name="originAddress">The engine the origin bulk came from (usually <c>handle.Address</c>); a client engine's too.</param>
    /// <param name="origin">A bulk received from that engine (or created by this one).</param>
    /// <param name="originOffset">Where the bytes start in the origin bulk.</param>
    /// <param name="local">A bulk created by this process with <see cref="CreateBulk"/>.</param>
    /// <param name="localOffset">Where the bytes start in the local bulk.</param>
    /// <param name="size">How many bytes to copy.</param>
    /// <param name="progress">Told the number of bytes copied so far, in order, after each chunk; may be <see langword="null"/>.</param>
    /// <param name="timeout">
    /// How long the whole transfer may take (<see cref="MargoErrorCode.Timeout"/> after); <see langword="null"/> or
    /// <see cref="Timeout.InfiniteTimeSpan"/> for no bound but the per-chunk one.
    /// </param>
    /// <param name="cancellationToken">Stops the transfer (<see cref="MargoErrorCode.Canceled"/>).</param>
    public Task TransferAsync(
        BulkOperation operation,
        Address originAddress,
        Bulk origin,
        long originOffset,
        Bulk local,
        long localOffset,
        long size,
        IProgress<long>? progress,
        TimeSpan? timeout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(originAddress);
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(local);
        if (operation is not (BulkOperation.Pull or BulkOperation.Push))
        {
            throw new ArgumentOutOfRangeException(nameof(operation), operation, "A transfer is a Pull or a Push.");
        }

        if (timeout is { } t && t <= TimeSpan.Zero && t != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A transfer timeout must be positive.");
        }

        ThrowIfRefusing();
        var transfer = new BulkTransfer(operation, origin, originOffset, local, localOffset, size, DefaultCallTimeout, BulkChannels);
        return transfer.RunAsync(progress, timeout, cancellationToken);
    }
}
