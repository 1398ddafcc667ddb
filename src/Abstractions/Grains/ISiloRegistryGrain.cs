namespace MochiOrleans.Grains;

/// <summary>
/// The registry exchange between the silos of a cluster, served by the same grain as <see cref="ISiloControlGrain"/>
/// (same key). Only silos of the cluster may call it (see <c>ControlPlaneCallFilter</c>): a snapshot published by
/// anyone else could wipe the silo's routing.
/// </summary>
[Alias("mochi.ISiloRegistryGrain")]
internal interface ISiloRegistryGrain : IGrainWithStringKey
{
    /// <summary>The providers registered on this silo.</summary>
    [Alias("GetRegistrationsAsync")]
    Task<SiloRegistrations> GetRegistrationsAsync();

    /// <summary>Tells this silo about the providers another silo now serves.</summary>
    /// <param name="registrations">The other silo's registrations.</param>
    [Alias("PublishAsync")]
    Task PublishAsync(SiloRegistrations registrations);
}
