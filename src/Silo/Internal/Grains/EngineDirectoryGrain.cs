using MochiOrleans.Grains;
using MochiOrleans.Internal.Registry;
using Orleans.Concurrency;

namespace MochiOrleans.Internal.Grains;

/// <summary>Answers address lookups from this silo's <see cref="ClusterDirectory"/>.</summary>
[StatelessWorker]
[Reentrant]
internal sealed class EngineDirectoryGrain(ClusterDirectory directory) : Grain, IEngineDirectoryGrain
{
    public async Task<string?> LookupAsync(string engineAddress) => await directory.LookupSiloAsync(engineAddress);
}
