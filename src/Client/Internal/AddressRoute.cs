namespace MochiOrleans.Internal;

/// <summary>Where an <see cref="Address"/> leads: the cluster connection to call through and the silo behind the address.</summary>
/// <param name="Connection">The connection into the address's cluster.</param>
/// <param name="SiloKey">The key of the silo's <c>ISiloControlGrain</c>.</param>
internal sealed record AddressRoute(ClusterConnection Connection, string SiloKey);
