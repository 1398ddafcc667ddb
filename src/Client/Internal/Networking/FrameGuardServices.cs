using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization.Session;

namespace MochiOrleans.Internal.Networking;

/// <summary>The <see cref="FrameGuard"/> and its limits, shared by the client's and the silo's connection set-up.</summary>
internal static class FrameGuardServices
{
    /// <summary>
    /// Registers the guard once, bounded by <typeparamref name="TMessaging"/>'s message size limits and the engine's
    /// value limits.
    /// </summary>
    /// <returns><see langword="false"/> when it was registered already (its middleware is in place).</returns>
    public static bool TryAdd<TMessaging>(IServiceCollection services)
        where TMessaging : MessagingOptions
    {
        if (services.Any(d => d.ServiceType == typeof(FrameGuard)))
        {
            return false;
        }

        services.AddSingleton(sp =>
        {
            var messaging = sp.GetRequiredService<IOptions<TMessaging>>().Value;
            var values = sp.GetRequiredService<IOptions<EngineOptions>>().Value.Limits;
            return new FrameGuardLimits(FrameGuardLimits.MaxDepthFor(values), messaging.MaxMessageHeaderSize, messaging.MaxMessageBodySize);
        });
        services.AddSingleton(sp => new FrameGuard(
            sp.GetRequiredService<FrameGuardLimits>(),
            sp.GetRequiredService<SerializerSessionPool>(),
            sp.GetRequiredService<ILogger<FrameGuard>>()));
        return true;
    }
}
