namespace MochiOrleans.Internal;

/// <summary>Where an <see cref="Address"/> leads: the cluster connection to call through and the silo behind the address.</summary>
/// <param name="Owner">The router that resolved it: another engine's route (and connections) is never borrowed.</param>
/// <param name="Connection">The connection into the address's cluster.</param>
/// <param name="SiloKey">The key of the silo's <c>ISiloControlGrain</c>.</param>
/// <param name="EngineName">For an engine the silo hosts through its gateway (<c>tcp://host:port/name</c>), its name.</param>
internal sealed record AddressRoute(AddressRouter Owner, ClusterConnection Connection, string SiloKey, string? EngineName = null);
