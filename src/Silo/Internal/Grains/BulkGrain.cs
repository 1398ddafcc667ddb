using MochiOrleans.Grains;
using MochiOrleans.Internal.Placement;
using MochiOrleans.Internal.Transfers;
using Orleans.Concurrency;
using Orleans.Placement;

namespace MochiOrleans.Internal.Grains;

/// <summary>
/// The bulks of this silo's engine as other engines reach them: keyed by the silo address and placed on that silo.
/// Reentrant, so that the chunks of concurrent transfers are served as they come.
/// </summary>
[Reentrant]
[Immovable]
[MochiSiloPinnedPlacement]
internal sealed class BulkGrain(Engine engine) : Grain, IBulkGrain
{
    /// <summary>
    /// Checks the whole range as a chunk would be checked, then hands out a ticket to this silo's data listener; the
    /// connection that presents it is served by the engine's bulk registry.
    /// </summary>
    public Task<BulkChannelReply> OpenChannelAsync(Guid id, BulkOperation operation, long offset, long length)
    {
        var binding = new BulkChannelBinding(id, operation, offset, length);
        if (engine.Bulks.CheckChannel(binding) is { } refusal)
        {
            return Task.FromResult(refusal);
        }

        return Task.FromResult(engine.BulkChannels.Listener is { IsListening: true } listener
            ? BulkChannelReply.Offered(listener.Offer(binding, stream => engine.Bulks.Serve(stream, binding)))
            : BulkChannelReply.Off);
    }

    public Task<BulkReply> ReadAsync(Guid id, long offset, int length) => Task.FromResult(engine.Bulks.Read(id, offset, length));

    public Task<BulkReply> WriteAsync(Guid id, long offset, BulkBytes data) => Task.FromResult(engine.Bulks.Write(id, offset, data));
}
