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

    /// <summary>Finalizes this silo's engine if it enabled remote shutdown.</summary>
    /// <returns><see langword="true"/> if finalization started; <see langword="false"/> if remote shutdown is not enabled.</returns>
    Task<bool> ShutdownAsync();
}
