namespace MochiOrleans.Grains;

/// <summary>
/// One per silo, keyed by the silo's address and always placed on that silo: it answers for the silo's engine
/// (registrations, remote shutdown) so that other silos and clients can reach one particular engine.
/// </summary>
public interface ISiloControlGrain : IGrainWithStringKey
{
    /// <summary>The providers registered on this silo.</summary>
    Task<SiloRegistrations> GetRegistrationsAsync();

    /// <summary>Tells this silo about the providers another silo now serves.</summary>
    /// <param name="registrations">The other silo's registrations.</param>
    Task PublishAsync(SiloRegistrations registrations);

    /// <summary>
    /// Accepts a remote shutdown if this silo's engine enabled it. Finalization starts when the caller confirms it
    /// received the answer (<see cref="ConfirmShutdownAsync"/>), or after a bounded wait for that confirmation, so that
    /// the answer is never lost in the closing gateway.
    /// </summary>
    /// <returns><see langword="true"/> if the shutdown is accepted; <see langword="false"/> if remote shutdown is not enabled.</returns>
    Task<bool> ShutdownAsync();

    /// <summary>The caller of an accepted <see cref="ShutdownAsync"/> has its answer: finalize now.</summary>
    [Orleans.Concurrency.OneWay]
    Task ConfirmShutdownAsync();
}
