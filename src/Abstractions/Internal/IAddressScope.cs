namespace MochiOrleans.Internal;

/// <summary>
/// The engine an <see cref="Address"/> belongs to. Addresses live in Abstractions so that handlers can see their
/// caller, but only an engine knows how to reach one.
/// </summary>
internal interface IAddressScope
{
    Task ShutdownAsync(Address address, CancellationToken cancellationToken);

    Task DeregisterProviderAsync(Address address, string serviceName, ushort providerId, CancellationToken cancellationToken);
}
