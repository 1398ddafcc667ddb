using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;

namespace MochiOrleans.Internal;

/// <summary>
/// The cluster connections of one engine: its home connection (the silo's own grain factory, or the client given to
/// <c>FromClusterClient</c>) and the Orleans clients it opened itself, one per gateway endpoint, shared by every caller.
/// The clients it opens log to the engine's <paramref name="loggerFactory"/>, or nowhere.
/// </summary>
internal sealed partial class ConnectionPool(ClusterConnection? home, EngineOptions options, ILogger logger, ILoggerFactory? loggerFactory)
{
    private readonly ConcurrentDictionary<IPEndPoint, Lazy<Task<ClusterConnection>>> _opened = new();

    /// <summary>The connections that are up: the home one first.</summary>
    public IEnumerable<ClusterConnection> Open
    {
        get
        {
            if (home is not null)
            {
                yield return home;
            }

            foreach (var pending in _opened.Values)
            {
                if (pending.IsValueCreated && pending.Value.IsCompletedSuccessfully)
                {
                    yield return pending.Value.Result;
                }
            }
        }
    }

    /// <summary>
    /// The connection to the gateway at <paramref name="endpoint"/>, opening it if needed. Concurrent callers share one
    /// attempt, bounded by <see cref="EngineOptions.ConnectTimeout"/>; each caller stops waiting at its own deadline.
    /// </summary>
    /// <exception cref="MargoException"><see cref="MargoErrorCode.Unreachable"/> when no gateway answers there.</exception>
    public async Task<ClusterConnection> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var pending = _opened.GetOrAdd(
            endpoint,
            ep => new Lazy<Task<ClusterConnection>>(() => ClusterConnection.ConnectAsync(ep, options, loggerFactory, CancellationToken.None)));
        try
        {
            return await pending.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Forget the failed attempt so that a later lookup tries again.
            _opened.TryRemove(new KeyValuePair<IPEndPoint, Lazy<Task<ClusterConnection>>>(endpoint, pending));
            throw new MargoException(
                MargoErrorCode.Unreachable,
                $"Cannot connect to an engine at {EngineAddressFormat.Format(endpoint)}: {exception.Message}",
                innerException: exception);
        }
    }

    /// <summary>Closes the connections this engine opened (never the home one, which belongs to the silo or the caller).</summary>
    public async Task CloseAsync()
    {
        foreach (var pending in _opened.Values)
        {
            if (!pending.IsValueCreated)
            {
                continue;
            }

            try
            {
                await (await pending.Value.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                LogConnectionCloseFailed(logger, exception);
            }
        }

        _opened.Clear();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing a cluster connection failed.")]
    private static partial void LogConnectionCloseFailed(ILogger logger, Exception exception);
}
