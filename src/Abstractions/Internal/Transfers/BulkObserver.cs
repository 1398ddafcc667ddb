using MochiOrleans.Grains;

namespace MochiOrleans.Internal.Transfers;

/// <summary>Serves a client engine's exposed memory to the silos of a cluster it is connected to.</summary>
internal sealed class BulkObserver(BulkRegistry registry) : IBulkObserver
{
    public Task<BulkReply> ReadAsync(Guid id, long offset, int length) => Task.FromResult(registry.Read(id, offset, length));

    public Task<BulkReply> WriteAsync(Guid id, long offset, BulkBytes data) => Task.FromResult(registry.Write(id, offset, data));

    public Task<BulkChannelReply> ConnectChannelAsync(Guid id, BulkOperation operation, long offset, long length, BulkChannelOffer offer) =>
        registry.ConnectChannelAsync(new BulkChannelBinding(id, operation, offset, length), offer);
}
