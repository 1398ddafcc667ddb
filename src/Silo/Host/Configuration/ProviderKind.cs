namespace MochiOrleans.Silo.Host.Configuration;

/// <summary>How a configured provider is hosted (<c>Mochi:Host:Providers:N:Kind</c>).</summary>
internal enum ProviderKind
{
    /// <summary>
    /// Activated on demand on any silo that configures it, created through DI, and activated elsewhere when its silo
    /// fails: configure it on every silo of the cluster.
    /// </summary>
    Virtual,

    /// <summary>
    /// An object created when this silo starts (taking its <c>Config</c> section), living in this process only: calls
    /// fail with Unreachable once the process is gone. Its (service, provider id) must be unique in the cluster.
    /// </summary>
    Instance,
}
