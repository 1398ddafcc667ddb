using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using Microsoft.Extensions.Logging;

namespace MochiOrleans.Internal;

/// <summary>
/// The cluster connections of one engine: its home connection (the silo's own grain factory, or the client given to
/// <c>FromClusterClient</c>) and the Orleans clients it opened itself, one per gateway endpoint, shared by every caller.
/// The clients it opens log to the engine's <paramref name="loggerFactory"/>, or nowhere.
/// </summary>
[SuppressMessage("Reliability", "CA1001", Justification = "Its cancellation source gets no timer and no wait handle, so it holds nothing to release; and ConnectAsync still reads its token after CloseAsync.")]
internal sealed partial class ConnectionPool(ClusterConnection? home, EngineOptions options, ILogger logger, ILoggerFactory? loggerFactory)
{
    private readonly ConcurrentDictionary<IPEndPoint, Lazy<Task<ClusterConnection>>> _opened = new();

    // Cancelled by CloseAsync: an attempt still under way then gives up at once instead of holding the engine's disposal
    // for up to ConnectTimeout, and an attempt started after it fails at once, so nothing is opened that nobody closes.
    private readonly CancellationTokenSource _closing = new();

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
    /// <exception cref="MargoException">
    /// <see cref="MargoErrorCode.Unreachable"/> when no gateway answers there; <see cref="MargoErrorCode.Permission"/>
    /// when the pool has been closed (the engine is finalizing or finalized).
    /// </exception>
    public async Task<ClusterConnection> ConnectAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        var pending = _opened.GetOrAdd(
            endpoint,
            ep => new Lazy<Task<ClusterConnection>>(() => ClusterConnection.ConnectAsync(ep, options, loggerFactory, _closing.Token)));
        try
        {
            return await pending.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (_closing.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new MargoException(
                MargoErrorCode.Permission,
                $"Connecting to {EngineAddressFormat.Format(endpoint)} was given up: the engine is finalizing or finalized.",
                innerException: exception);
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
        await _closing.CancelAsync().ConfigureAwait(false);
        foreach (var pending in _opened.Values)
        {
            ClusterConnection connection;
            try
            {
                // Reading Value also starts an attempt not started yet, which fails at once on the cancelled token.
                connection = await pending.Value.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Nothing was opened; the attempt's callers got its error.
                continue;
            }

            try
            {
                await connection.DisposeAsync().ConfigureAwait(false);
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
