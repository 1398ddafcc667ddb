using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MochiOrleans.Internal;
using MochiOrleans.Internal.Hosting;
using MochiOrleans.Internal.Invocation;
using MochiOrleans.Internal.Logging;
using MochiOrleans.Internal.Networking;
using MochiOrleans.Internal.Placement;
using MochiOrleans.Internal.Registry;
using MochiOrleans.Internal.Security;
using MochiOrleans.Internal.Server;
using MochiOrleans.Internal.Tls;
using MochiOrleans.Internal.Transfers;
using Orleans.Configuration;
using Orleans.Serialization.Serializers;

namespace MochiOrleans;

/// <summary>Adds MochiOrleans to an Orleans silo.</summary>
public static class MochiSiloBuilderExtensions
{
    /// <summary>
    /// Makes the silo a Mochi engine: it serves the providers configured here and those registered later on its
    /// <see cref="Engine"/>, which is a DI singleton (inject it to register providers or call RPCs from hosted code).
    /// With <see cref="EngineOptions.TlsCaPath"/> set, silo-to-silo and gateway connections use TLS (docs/security.md).
    /// The <see cref="EngineOptions"/> (TLS settings included) are checked when the silo starts: a zero or negative
    /// timeout, limit or port stops start-up with an <see cref="OptionsValidationException"/> naming its key.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Adds providers and sets options; may be <see langword="null"/>.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <example>
    /// <code>
    /// siloBuilder.AddMochi(mochi => mochi
    ///     .AddProvider&lt;MyProvider&gt;(providerId: 42)          // virtual: activated on demand on any silo
    ///     .AddProvider(new MyProvider(), providerId: 43));  // instance: lives on this silo
    /// </code>
    /// </example>
    public static ISiloBuilder AddMochi(this ISiloBuilder builder, Action<MochiSiloBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (!services.Any(d => d.ServiceType == typeof(EngineServer)))
        {
            AddCoreServices(services);
        }

        configure?.Invoke(new MochiSiloBuilder(services));
        return builder;
    }

    private static void AddCoreServices(IServiceCollection services)
    {
        services.AddOptions<EngineOptions>().BindConfiguration(EngineOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EngineOptions>, EngineOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EngineOptions>, GrpcGatewayServedCheck>());

        // A caller that gave up (timeout or cancellation) cancels the handler's token instead of leaving it running.
        services.Configure<SiloMessagingOptions>(o => o.CancelRequestOnTimeout = true);
        services.AddMochiSiloTls();

        // Orleans' deserializer recurses without bound over headers and unknown fields: frames are checked first.
        services.AddMochiSiloFrameGuard();

        services.TryAddSingleton<SiloIdentity>();

        // The closed control plane and the access tokens (docs/security.md).
        services.TryAddSingleton<AccessTokens>();
        services.AddSingleton<IIncomingGrainCallFilter, ControlPlaneCallFilter>();
        services.TryAddSingleton(sp => new SerializabilityCheck(sp.GetRequiredService<ICodecProvider>()));
        services.TryAddSingleton(sp => new LogRateLimiter(sp.GetService<TimeProvider>() ?? TimeProvider.System));

        // The bounds the envelope codec enforces on every request and response arriving at this silo.
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<EngineOptions>>().Value.Limits);
        services.TryAddSingleton<ResponseCheck>();
        services.TryAddSingleton<ProviderRegistry>();
        services.TryAddSingleton<ClusterDirectory>();
        services.AddSingleton<EnginePhase>();
        services.AddSingleton<EngineCallbacks>();
        services.AddSingleton<BackgroundWork>();
        services.AddSingleton<ProviderClaims>();
        services.AddSingleton<MembershipWatch>();
        services.AddSingleton<EngineLifecycle>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<EngineLifecycle>());
        services.AddSingleton<RemoteShutdown>();
        services.AddSingleton<ExternalEngines>();
        services.AddSingleton<RemoteProviderControl>();
        services.AddSingleton<BulkChannelListener>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<BulkChannelListener>());
        services.AddSingleton<EngineServer>();
        services.AddMetrics();
        services.TryAddSingleton(sp => new MochiTelemetry(sp.GetRequiredService<IMeterFactory>()));
        services.AddSingleton(sp => new Engine(
            EngineMode.Server,
            sp.GetRequiredService<EngineServer>(),
            new ClusterConnection(sp.GetRequiredService<IGrainFactory>(), sp, responseTimeout: sp.GetRequiredService<IOptions<SiloMessagingOptions>>().Value.ResponseTimeout),
            sp.GetRequiredService<IOptions<EngineOptions>>().Value,
            sp.GetRequiredService<ILogger<Engine>>(),
            sp.GetRequiredService<MochiTelemetry>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddPlacementDirector<MochiProviderPlacement, ProviderPlacementDirector>();
        services.AddPlacementDirector<MochiSiloPinnedPlacement, SiloPinnedPlacementDirector>();
    }
}
