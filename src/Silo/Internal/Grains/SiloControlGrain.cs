using MochiOrleans.Grains;
using MochiOrleans.Internal.Placement;
using MochiOrleans.Internal.Registry;
using MochiOrleans.Internal.Server;
using Orleans.Concurrency;
using Orleans.Placement;

namespace MochiOrleans.Internal.Grains;

/// <summary>
/// The engine of one silo as other silos and clients reach it: keyed by the silo address and placed on that silo.
/// </summary>
[Reentrant]
[Immovable]
[MochiSiloPinnedPlacement]
internal sealed class SiloControlGrain(ProviderRegistry registry, ClusterDirectory directory, SiloIdentity identity, RemoteShutdown remoteShutdown, ExternalEngines externalEngines)
    : Grain, ISiloControlGrain, ISiloRegistryGrain
{
    public Task<SiloRegistrations> GetRegistrationsAsync() =>
        Task.FromResult(registry.Snapshot(identity.SiloKey, identity.EngineAddress));

    public Task PublishAsync(SiloRegistrations registrations)
    {
        // A malformed snapshot throws back to the publishing silo, which logs it.
        directory.ApplyFromPeer(registrations);
        return Task.CompletedTask;
    }

    public Task<bool> ShutdownAsync() => Task.FromResult(remoteShutdown.TryAccept());

    public Task ConfirmShutdownAsync()
    {
        remoteShutdown.Confirm();
        return Task.CompletedTask;
    }

    public Task<bool> HasEngineAsync(string name) => Task.FromResult(externalEngines.Contains(name));

    public Task<bool?> ShutdownEngineAsync(string name) => Task.FromResult(externalEngines.TryShutdown(name));
}
