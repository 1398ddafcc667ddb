using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MochiOrleans.Grains;
using MochiOrleans.Internal.Registry;

namespace MochiOrleans.Internal.Server;

/// <summary>
/// <c>Address.DeregisterProviderAsync</c> as the target engine sees it: consent, then the same release as a local
/// deregistration (hooks once, object dropped), while the engine keeps serving its other providers.
/// </summary>
internal sealed partial class RemoteProviderControl(
    ProviderRegistry registry, ProviderClaims claims, IOptions<EngineOptions> options, ILogger<RemoteProviderControl> logger)
{
    private volatile bool _enabled = options.Value.EnableRemoteProviderControl;

    public void Enable() => _enabled = true;

    public async Task<RpcError?> DeregisterAsync(string serviceName, ushort providerId)
    {
        var grainKey = ProviderRegistration.GrainKeyOf(serviceName, providerId);
        if (Refusal() is { } refused)
        {
            LogRefused(logger, grainKey);
            return refused;
        }

        if (!registry.TryGet(grainKey, out var registration))
        {
            return new RpcError(MargoErrorCode.NoEntry, Format($"This engine has no provider with service name '{serviceName}' and provider id {providerId}."));
        }

        if (!registration.IsInstance)
        {
            return new RpcError(
                MargoErrorCode.InvalidArgument,
                Format($"Provider '{grainKey}' is virtual: every silo configured with it serves it, so only configuration removes it."));
        }

        LogDeregistering(logger, grainKey);
        return await claims.DeregisterProviderAsync(grainKey).ConfigureAwait(false)
            ? null
            : new RpcError(MargoErrorCode.NoEntry, Format($"Provider '{grainKey}' was deregistered meanwhile."));
    }

    // Consent is checked here; the admin token before the call reaches the grain, by the control-plane filter
    // (ClientCallRules marks DeregisterAsync as an admin operation).
    private RpcError? Refusal() =>
        _enabled
            ? null
            : new RpcError(
                MargoErrorCode.Permission,
                "This engine has not enabled remote provider control (Engine.EnableRemoteProviderControl() or Mochi:EnableRemoteProviderControl).");

    private static string Format(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Remote deregistration of provider {GrainKey} refused: remote provider control is not enabled.")]
    private static partial void LogRefused(ILogger logger, string grainKey);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Deregistering provider {GrainKey} at a remote engine's request.")]
    private static partial void LogDeregistering(ILogger logger, string grainKey);
}
