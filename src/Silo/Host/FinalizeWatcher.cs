namespace MochiOrleans.Silo.Host;

/// <summary>
/// Stops the host application once the silo's engine has finalized, however that started (remote shutdown,
/// <c>Engine.FinalizeAsync</c> from hosted code), so that the process exits as a Mochi server does.
/// </summary>
internal sealed partial class FinalizeWatcher(Engine engine, IHostApplicationLifetime lifetime, ILogger<FinalizeWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await engine.WaitForFinalizeAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping anyway.
            return;
        }

        LogStopping(logger);
        lifetime.StopApplication();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The engine has finalized; stopping the host.")]
    private static partial void LogStopping(ILogger logger);
}
