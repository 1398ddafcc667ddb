namespace MochiOrleans;

/// <summary>
/// Marks a class (or static class) as a provider and gives it a service name. The service name followed by
/// <c>_</c> prefixes the names of all the provider's RPCs (PyMargo's <c>@provider(service_name=...)</c>).
/// On an interface it marks a provider contract: every method of the interface is an RPC (typed proxies).
/// </summary>
/// <param name="serviceName">The service name; <see langword="null"/> for RPC names without a service prefix.</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Interface, Inherited = false)]
public sealed class ProviderAttribute(string? serviceName = null) : Attribute
{
    /// <summary>The service name, or <see langword="null"/> when RPC names carry no service prefix.</summary>
    public string? ServiceName { get; } = serviceName;
}
