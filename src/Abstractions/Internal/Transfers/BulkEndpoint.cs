using MochiOrleans.Grains;

namespace MochiOrleans.Internal.Transfers;

/// <summary>The owner of a received bulk as the receiving runtime reaches it: a client's observer or a silo's bulk grain.</summary>
internal sealed class BulkEndpoint
{
    private readonly IBulkObserver? _observer;
    private readonly IBulkGrain? _grain;

    public BulkEndpoint(IBulkObserver observer) => _observer = observer;

    public BulkEndpoint(IBulkGrain grain) => _grain = grain;

    /// <summary>
    /// Whether the owner is a client engine. A client that went away without a word (finalized, killed) is not known
    /// gone to the silos: Orleans keeps messages for it until its drop timeout, so silence is all its peers see.
    /// </summary>
    public bool IsClient => _observer is not null;

    public Task<BulkReply> ReadAsync(Guid id, long offset, int length) =>
        _observer?.ReadAsync(id, offset, length) ?? _grain!.ReadAsync(id, offset, length);

    public Task<BulkReply> WriteAsync(Guid id, long offset, BulkBytes data) =>
        _observer?.WriteAsync(id, offset, data) ?? _grain!.WriteAsync(id, offset, data);

    /// <summary>A server owner's ticket to its silo's data listener (or why not); for a bulk reached through a silo's grain.</summary>
    public Task<BulkChannelReply> OpenChannelAsync(BulkChannelBinding binding) =>
        _grain!.OpenChannelAsync(binding.BulkId, binding.Operation, binding.Offset, binding.Length);

    /// <summary>Asks a client owner to connect to <paramref name="offer"/> and move the range; for a bulk reached through an observer.</summary>
    public Task<BulkChannelReply> ConnectChannelAsync(BulkChannelBinding binding, BulkChannelOffer offer) =>
        _observer!.ConnectChannelAsync(binding.BulkId, binding.Operation, binding.Offset, binding.Length, offer);
}
