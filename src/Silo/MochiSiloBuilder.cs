using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using MochiOrleans.Internal;

namespace MochiOrleans;

/// <summary>Configures MochiOrleans on a silo: the providers it serves and its engine's options.</summary>
public sealed class MochiSiloBuilder
{
    internal MochiSiloBuilder(IServiceCollection services) => Services = services;

    /// <summary>The silo's services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Adds a virtual provider: any silo may activate it on demand (its object is created through DI), and Orleans
    /// activates it elsewhere if its silo fails. Configure the same virtual providers on every silo.
    /// </summary>
    /// <typeparam name="TProvider">The provider class.</typeparam>
    /// <param name="providerId">The provider id, 0..65534.</param>
    /// <param name="serviceName">Overrides the <see cref="ProviderAttribute"/> service name.</param>
    /// <returns>This builder.</returns>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "Engine.RegisterProvider's shape, pinned by API.md; the parameter types tell the overloads apart.")]
    public MochiSiloBuilder AddProvider<TProvider>(ushort providerId, string? serviceName = null)
        where TProvider : class =>
        AddProvider(typeof(TProvider), providerId, serviceName);

    /// <summary>Adds a virtual provider by type (a static class works too); see <see cref="AddProvider{TProvider}"/>.</summary>
    /// <param name="providerType">The provider type.</param>
    /// <param name="providerId">The provider id, 0..65534.</param>
    /// <param name="serviceName">Overrides the <see cref="ProviderAttribute"/> service name.</param>
    /// <returns>This builder.</returns>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "Engine.RegisterProvider's shape, pinned by API.md; the parameter types tell the overloads apart.")]
    public MochiSiloBuilder AddProvider(Type providerType, ushort providerId, string? serviceName = null)
    {
        ArgumentNullException.ThrowIfNull(providerType);
        Services.AddSingleton(new ProviderDefinition(providerType, Instance: null, providerId, serviceName));
        return this;
    }

    /// <summary>
    /// Adds an instance provider: <paramref name="provider"/> lives in this silo's process, its grain is placed on this
    /// silo and never idle-collected, and calls fail with <see cref="MargoErrorCode.Unreachable"/> once this silo is gone.
    /// </summary>
    /// <param name="provider">The provider object.</param>
    /// <param name="providerId">The provider id, 0..65534.</param>
    /// <param name="serviceName">Overrides the <see cref="ProviderAttribute"/> service name.</param>
    /// <returns>This builder.</returns>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "Engine.RegisterProvider's shape, pinned by API.md; the parameter types tell the overloads apart.")]
    public MochiSiloBuilder AddProvider(object provider, ushort providerId, string? serviceName = null)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (provider is Type type)
        {
            return AddProvider(type, providerId, serviceName);
        }

        Services.AddSingleton(new ProviderDefinition(provider.GetType(), provider, providerId, serviceName));
        return this;
    }

    /// <summary>
    /// Adds an instance provider created through DI when the silo's engine starts, so that its constructor can take
    /// services (loggers, configuration). Like <see cref="AddProvider(object, ushort, string?)"/>, it lives in this
    /// silo's process. The factory must not need the <see cref="Engine"/> itself, which is built after the providers.
    /// </summary>
    /// <param name="createProvider">Creates the provider object from the silo's services.</param>
    /// <param name="providerId">The provider id, 0..65534.</param>
    /// <param name="serviceName">Overrides the <see cref="ProviderAttribute"/> service name.</param>
    /// <returns>This builder.</returns>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "Engine.RegisterProvider's shape, pinned by API.md; the parameter types tell the overloads apart.")]
    public MochiSiloBuilder AddProvider(Func<IServiceProvider, object> createProvider, ushort providerId, string? serviceName = null)
    {
        ArgumentNullException.ThrowIfNull(createProvider);
        Services.AddSingleton(sp =>
        {
            var provider = createProvider(sp) ?? throw new InvalidOperationException("The provider factory returned null.");
            return new ProviderDefinition(provider.GetType(), provider, providerId, serviceName);
        });
        return this;
    }

    /// <summary>Lets other engines finalize this silo's engine with <c>Address.ShutdownAsync</c>.</summary>
    /// <returns>This builder.</returns>
    public MochiSiloBuilder EnableRemoteShutdown() => Configure(o => o.EnableRemoteShutdown = true);

    /// <summary>Lets other engines deregister this silo's providers with <c>Address.DeregisterProviderAsync</c>.</summary>
    /// <returns>This builder.</returns>
    public MochiSiloBuilder EnableRemoteProviderControl() => Configure(o => o.EnableRemoteProviderControl = true);

    /// <summary>Configures the engine's options, after they are bound from the <c>Mochi</c> configuration section.</summary>
    /// <param name="configure">Changes the options.</param>
    /// <returns>This builder.</returns>
    public MochiSiloBuilder Configure(Action<EngineOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }
}
