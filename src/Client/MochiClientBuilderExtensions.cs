using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MochiOrleans.Internal;
using MochiOrleans.Internal.Networking;
using MochiOrleans.Internal.Tls;
using Orleans.Configuration;

namespace MochiOrleans;

/// <summary>Adds MochiOrleans to an Orleans client.</summary>
public static class MochiClientBuilderExtensions
{
    /// <summary>
    /// Registers what a client-mode <see cref="Engine"/> needs: a singleton <see cref="Engine"/> over the client
    /// (inject it to call RPCs by name) with <see cref="EngineOptions"/> bound from the <c>Mochi</c> configuration
    /// section, the <see cref="EngineOptions.AccessToken"/>/<see cref="EngineOptions.AdminToken"/> presented with calls,
    /// and request cancellation on timeout so that a handler whose caller gave up sees its
    /// <see cref="CancellationToken"/> cancelled. With <see cref="EngineOptions.TlsCaPath"/> set, gateway connections
    /// use TLS (docs/security.md). The options are checked when the client starts: a zero or negative timeout, limit or
    /// port stops it with an <see cref="OptionsValidationException"/> naming its key (<c>Mochi:ConnectTimeout</c>, ...).
    /// </summary>
    /// <param name="builder">The Orleans client builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IClientBuilder AddMochi(this IClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<EngineOptions>().BindConfiguration(EngineOptions.SectionName).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EngineOptions>, EngineOptionsValidator>());
        builder.Services.Configure<ClientMessagingOptions>(o => o.CancelRequestOnTimeout = true);
        builder.Services.AddMochiClientTls();
        builder.Services.AddMochiClientFrameGuard();
        builder.AddOutgoingGrainCallFilter<AccessTokenCallFilter>();

        // The bounds the envelope codec enforces on responses arriving at this client.
        builder.Services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<EngineOptions>>().Value.Limits);
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton(sp => new MochiTelemetry(sp.GetRequiredService<IMeterFactory>()));
        builder.Services.TryAddSingleton(sp => Engine.FromClusterClient(
            sp.GetRequiredService<IClusterClient>(),
            sp.GetRequiredService<IOptions<EngineOptions>>().Value));
        return builder;
    }
}
