using Microsoft.Extensions.Logging;
using MochiOrleans.Internal.Registry;
using Orleans.Runtime;

namespace MochiOrleans.Internal.Server;

/// <summary>Keeps the cluster directory in line with membership: silos that die are dropped, silos that join are pulled.</summary>
internal sealed partial class MembershipWatch(IClusterMembershipService membership, ClusterDirectory directory, ILogger<MembershipWatch> logger)
    : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _watching = Task.CompletedTask;

    public void Start() => _watching = WatchAsync(_stop.Token);

    /// <summary>Stops watching and waits for the update being applied, if any.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stop.Cancel();
        return _watching.WaitAsync(cancellationToken);
    }

    public void Dispose() => _stop.Dispose();

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                await directory.OnMembershipChangedAsync(snapshot).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            LogMembershipWatchFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching cluster membership stopped unexpectedly.")]
    private static partial void LogMembershipWatchFailed(ILogger logger, Exception exception);
}
