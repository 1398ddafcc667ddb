using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MochiOrleans.Internal.Server;

/// <summary>
/// <c>Address.ShutdownAsync</c> as the target engine sees it: consent, then a handshake so that the caller's answer
/// is never lost in the gateway the stop closes.
/// </summary>
/// <remarks>
/// The answer to <c>ShutdownAsync</c> leaves through this silo's gateway. The caller confirms with a one-way call
/// once it has the answer, and only then does the stop start; a caller that never confirms (it crashed, or is an
/// older client) is waited for at most <see cref="ConfirmationTimeout"/>.
/// </remarks>
internal sealed partial class RemoteShutdown(EngineLifecycle lifecycle, EnginePhase phase, BackgroundWork background, IOptions<EngineOptions> options, ILogger<RemoteShutdown> logger)
{
    public static readonly TimeSpan ConfirmationTimeout = TimeSpan.FromSeconds(5);

    private volatile bool _enabled = options.Value.EnableRemoteShutdown;
    private int _accepted;

    public void Enable() => _enabled = true;

    /// <summary>Accepts a remote shutdown if it is enabled; the engine finalizes on confirmation or after the timeout.</summary>
    public bool TryAccept()
    {
        if (!_enabled)
        {
            LogRemoteShutdownRefused(logger);
            return false;
        }

        LogRemoteShutdown(logger);
        if (Interlocked.Exchange(ref _accepted, 1) == 0)
        {
            background.Run(FinalizeUnlessConfirmedAsync, "finalizing after an unconfirmed remote shutdown");
        }

        return true;
    }

    /// <summary>The caller has its answer: finalize now. Ignored unless a shutdown was accepted.</summary>
    public void Confirm()
    {
        if (Volatile.Read(ref _accepted) != 0)
        {
            lifecycle.StartFinalizing();
        }
    }

    private async Task FinalizeUnlessConfirmedAsync()
    {
        try
        {
            // Ends early when the confirmed stop (or any other) reaches the engine.
            await Task.Delay(ConfirmationTimeout, phase.Stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        // Not awaited: the stop waits for this work to end.
        LogConfirmationMissing(logger, ConfirmationTimeout);
        lifecycle.StartFinalizing();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Remote shutdown requested; finalizing once the caller confirms.")]
    private static partial void LogRemoteShutdown(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Remote shutdown requested but not enabled; refused.")]
    private static partial void LogRemoteShutdownRefused(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The caller of a remote shutdown did not confirm within {Timeout}; finalizing anyway.")]
    private static partial void LogConfirmationMissing(ILogger logger, TimeSpan timeout);
}
