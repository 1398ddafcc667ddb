using Orleans.Runtime;
using Orleans.Runtime.Messaging;

namespace MochiOrleans.Internal;

/// <summary>
/// Retries the connection of an engine's own cluster client briefly while the server may still be starting; the
/// deadline is the start-up token (<see cref="EngineOptions.ConnectTimeout"/>). Orleans' default keeps a lookup waiting
/// for minutes, where a Mochi caller expects a prompt <see cref="MargoErrorCode.Unreachable"/>.
/// </summary>
internal sealed class ConnectRetryFilter : IClientConnectionRetryFilter
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested || exception is not (OrleansMessageRejectionException or ConnectionFailedException))
        {
            return false;
        }

        await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
