using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace MochiOrleans.Internal.Networking;

/// <summary>
/// The reading side of a guarded connection: shows its reader (Orleans) only the frames that have arrived whole and
/// passed <see cref="FrameGuard"/>, as a slice of the transport's own buffers, so that checking costs no copy and no
/// hand-off between two loops.
/// </summary>
/// <remarks>
/// Whatever follows the last whole checked frame stays in the transport's pipe, unseen, until more bytes arrive. Each
/// frame is scanned once: the checked bytes the reader leaves unconsumed are remembered and not scanned again. Not
/// thread-safe, like any <see cref="PipeReader"/>: one reader at a time, <see cref="CancelPendingRead"/> excepted.
/// </remarks>
internal sealed class CheckedFrameReader(PipeReader source, FrameGuard guard, string connectionId) : PipeReader
{
    private ReadOnlySequence<byte> _sourceBuffer;
    private ReadOnlySequence<byte> _shown;
    private long _checkedLength;
    private bool _preamble = true;
    private Exception? _refusal;

    public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfRefused();
        while (true)
        {
            var pending = source.ReadAsync(cancellationToken);
            if (!pending.IsCompletedSuccessfully)
            {
                return ReadAfterWaitingAsync(pending, cancellationToken);
            }

            if (TryShow(pending.Result, out var shown))
            {
                return new ValueTask<ReadResult>(shown);
            }
        }
    }

    public override bool TryRead(out ReadResult result)
    {
        ThrowIfRefused();
        if (source.TryRead(out var read) && TryShow(read, out result))
        {
            return true;
        }

        result = default;
        return false;
    }

    public override void AdvanceTo(SequencePosition consumed) => AdvanceTo(consumed, consumed);

    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        _checkedLength = _shown.Slice(consumed).Length;

        // The bytes past the last whole frame were examined by the guard: without saying so, the transport would
        // hand the same incomplete frame straight back instead of waiting for more.
        if (examined.Equals(_shown.End))
        {
            examined = _sourceBuffer.End;
        }

        _shown = default;
        _sourceBuffer = default;
        source.AdvanceTo(consumed, examined);
    }

    public override void CancelPendingRead() => source.CancelPendingRead();

    public override void Complete(Exception? exception = null) => source.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => source.CompleteAsync(exception);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ReadResult> ReadAfterWaitingAsync(ValueTask<ReadResult> pending, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await pending.ConfigureAwait(false);
            if (TryShow(read, out var shown))
            {
                return shown;
            }

            pending = source.ReadAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Checks the frames that arrived whole since the last read; <see langword="false"/> (with the source advanced
    /// past everything, so that its next read waits for more) when there is no whole frame to show yet.
    /// </summary>
    private bool TryShow(ReadResult read, out ReadResult shown)
    {
        var buffer = read.Buffer;
        var checkedLength = _checkedLength;
        var rest = buffer.Slice(checkedLength);
        while (true)
        {
            var (length, problem) = _preamble ? guard.CheckPreamble(rest) : guard.CheckFrame(rest);
            if (problem is not null)
            {
                source.AdvanceTo(buffer.Start);
                _refusal = guard.Refuse(connectionId, problem);
                throw _refusal;
            }

            if (length == 0)
            {
                break;
            }

            checkedLength += length;
            rest = rest.Slice(length);
            _preamble = false;
        }

        _checkedLength = checkedLength;
        if (checkedLength > 0 || read.IsCompleted || read.IsCanceled)
        {
            _sourceBuffer = buffer;
            _shown = buffer.Slice(0, checkedLength);
            shown = new ReadResult(_shown, read.IsCanceled, read.IsCompleted);
            return true;
        }

        source.AdvanceTo(buffer.Start, buffer.End);
        shown = default;
        return false;
    }

    private void ThrowIfRefused()
    {
        if (_refusal is not null)
        {
            throw _refusal;
        }
    }
}
