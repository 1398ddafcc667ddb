using MochiOrleans.Grains;

namespace MochiOrleans.Internal;

/// <summary>
/// A data channel a silo waits for: its offer (where to connect, the ticket) goes to the bulk's owner, which connects;
/// <see cref="Connected"/> completes with the admitted stream. Disposing it withdraws the ticket.
/// </summary>
internal sealed class BulkChannelSlot : IDisposable
{
    private readonly TaskCompletionSource<Stream> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action _withdraw;
    private int _taken;

    /// <param name="offer">What the owner is told.</param>
    /// <param name="withdraw">Removes the ticket from the listener.</param>
    public BulkChannelSlot(BulkChannelOffer offer, Action withdraw)
    {
        Offer = offer;
        _withdraw = withdraw;
    }

    public BulkChannelOffer Offer { get; }

    /// <summary>The admitted connection, once the owner presented the ticket.</summary>
    public Task<Stream> Connected => _connected.Task;

    /// <summary>The listener admitted the owner's connection.</summary>
    public void Admit(Stream stream)
    {
        if (!_connected.TrySetResult(stream))
        {
            stream.Dispose();
        }
    }

    /// <summary>Takes the admitted stream: the caller disposes it from now on.</summary>
    public async Task<Stream> TakeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var stream = await Connected.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        Interlocked.Exchange(ref _taken, 1);
        return stream;
    }

    public void Dispose()
    {
        _withdraw();
        if (!_connected.TrySetCanceled() && Interlocked.Exchange(ref _taken, 1) == 0 && _connected.Task.IsCompletedSuccessfully)
        {
            _connected.Task.Result.Dispose();
        }
    }
}
