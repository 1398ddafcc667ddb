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
}
