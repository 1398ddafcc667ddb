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
    public Task<BulkReply> ReadAsync(Guid id, long offset, int length) => Task.FromResult(engine.Bulks.Read(id, offset, length));

    public Task<BulkReply> WriteAsync(Guid id, long offset, BulkBytes data) => Task.FromResult(engine.Bulks.Write(id, offset, data));
}
