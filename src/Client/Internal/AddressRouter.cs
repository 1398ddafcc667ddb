using Microsoft.Extensions.Logging;
using MochiOrleans.Grains;

namespace MochiOrleans.Internal;

/// <summary>
/// Turns engine addresses into routes for one engine: which cluster connection reaches the address, and which silo is
/// behind it. Routes are cached on the <see cref="Address"/> and resolved afresh when they turn out stale.
/// </summary>
internal sealed partial class AddressRouter(ConnectionPool pool, ILogger logger)
{
    /// <summary>Parses and resolves an address string, and finds the engine behind it.</summary>
    /// <exception cref="MargoException">
    /// <see cref="MargoErrorCode.InvalidArgument"/> for a malformed address; <see cref="MargoErrorCode.Unreachable"/> for
    /// a host name that does not resolve or an endpoint where no engine answers.
    /// </exception>
    public async Task<Address> LookupAsync(string address, IAddressScope scope, CancellationToken cancellationToken)
    {
        var silo = EngineAddressFormat.SplitEngineName(address, out var engineName);
        var endpoint = await EngineAddressFormat.ResolveEndpointAsync(silo, cancellationToken).ConfigureAwait(false)
            ?? throw new MargoException(MargoErrorCode.InvalidArgument, $"'{address}' is not an engine address of the form tcp://host:port.");
        var resolved = new Address(EngineAddressFormat.Format(endpoint, engineName), scope);
        await ResolveAsync(resolved, cancellationToken).ConfigureAwait(false);
        return resolved;
    }

    /// <summary>The route of <paramref name="address"/>, resolved on first use by this engine.</summary>
    public ValueTask<AddressRoute> GetRouteAsync(Address address, CancellationToken cancellationToken) =>
        TryGetRoute(address, out var route)
            ? ValueTask.FromResult(route)
            : new ValueTask<AddressRoute>(ResolveAsync(address, cancellationToken));

    /// <summary>The route of <paramref name="address"/> if this engine has resolved it already.</summary>
    public bool TryGetRoute(Address address, out AddressRoute route)
    {
        route = (address.Route as AddressRoute)!;
        return route is not null && route.Owner == this;
    }

    /// <summary>
    /// Asks the engine at <paramref name="address"/> to finalize. A route whose silo no longer answers is resolved again
    /// once: a server restarted on the same endpoint is a new silo with a new key.
    /// </summary>
    public async Task ShutdownAsync(Address address, CancellationToken cancellationToken)
    {
        var route = await GetRouteAsync(address, cancellationToken).ConfigureAwait(false);
        bool accepted;
        try
        {
            accepted = await RequestShutdownAsync(route, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsRetriable(exception, cancellationToken))
        {
            LogStaleRoute(logger, exception, address, route.SiloKey);
            var fresh = await ResolveAsync(address, cancellationToken).ConfigureAwait(false);
            if (fresh.SiloKey == route.SiloKey)
            {
                throw Unreachable(address, exception);
            }

            try
            {
                accepted = await RequestShutdownAsync(fresh, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception retried) when (IsRetriable(retried, cancellationToken))
            {
                throw Unreachable(address, retried);
            }
        }

        if (!accepted)
        {
            throw new MargoException(MargoErrorCode.Permission, $"The engine at {address} has not enabled remote shutdown.");
        }

        address.Route = null;
    }

    private static async Task<bool> RequestShutdownAsync(AddressRoute route, CancellationToken cancellationToken)
    {
        var control = route.Connection.Grains.GetGrain<ISiloControlGrain>(route.SiloKey);
        if (route.EngineName is { } engineName)
        {
            // The silo goes on: no handshake is needed for the answer to arrive.
            return await control.ShutdownEngineAsync(engineName).WaitAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new MargoException(MargoErrorCode.Unreachable, $"The engine '{engineName}' is no longer hosted by its silo.");
        }

        var accepted = await control.ShutdownAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        if (accepted)
        {
            // The answer has arrived: the target may now stop (and close the gateway it came through).
            await control.ConfirmShutdownAsync().ConfigureAwait(false);
        }

        return accepted;
    }

    // A refusal (a missing or wrong token) is the server's answer, not a sign of a stale route: it reaches the caller.
    private static bool IsRetriable(Exception exception, CancellationToken cancellationToken) =>
        exception is not MargoException { Code: MargoErrorCode.Permission }
        && (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested);

    private static MargoException Unreachable(Address address, Exception exception) =>
        new(MargoErrorCode.Unreachable, $"Cannot shut down {address}: {exception.Message}", innerException: exception);

    private async Task<AddressRoute> ResolveAsync(Address address, CancellationToken cancellationToken)
    {
        var text = address.ToString();
        var silo = EngineAddressFormat.SplitEngineName(text, out var engineName);
        var endpoint = await EngineAddressFormat.ResolveEndpointAsync(silo, cancellationToken).ConfigureAwait(false)
            ?? throw new MargoException(MargoErrorCode.Unreachable, $"'{text}' is not the address of a server engine.");
        var key = EngineAddressFormat.Format(endpoint);

        // An address of a cluster we are already connected to needs no new connection.
        foreach (var connection in pool.Open)
        {
            if (await TryLookupAsync(connection, key, cancellationToken).ConfigureAwait(false) is { } known)
            {
                return await RememberAsync(address, connection, known, engineName, cancellationToken).ConfigureAwait(false);
            }
        }

        var opened = await pool.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
        var siloKey = await TryLookupAsync(opened, key, cancellationToken).ConfigureAwait(false)
            ?? throw new MargoException(MargoErrorCode.Unreachable, $"No engine has the address '{key}' in the cluster reached there.");
        return await RememberAsync(address, opened, siloKey, engineName, cancellationToken).ConfigureAwait(false);
    }

    private async Task<AddressRoute> RememberAsync(Address address, ClusterConnection connection, string siloKey, string? engineName, CancellationToken cancellationToken)
    {
        // An engine hosted through a silo's gateway lives as long as its session: its silo says whether it is there.
        if (engineName is not null
            && !await connection.Grains.GetGrain<ISiloControlGrain>(siloKey).HasEngineAsync(engineName).WaitAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new MargoException(MargoErrorCode.Unreachable, $"No engine has the address '{address}': its silo hosts no engine named '{engineName}'.");
        }

        var route = new AddressRoute(this, connection, siloKey, engineName);
        address.Route = route;
        return route;
    }

    private async Task<string?> TryLookupAsync(ClusterConnection connection, string key, CancellationToken cancellationToken)
    {
        try
        {
            return await connection.Directory.LookupAsync(key).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsRetriable(exception, cancellationToken))
        {
            LogLookupFailed(logger, exception, key);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Looking up {Address} through a connected cluster failed.")]
    private static partial void LogLookupFailed(ILogger logger, Exception exception, string address);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Silo {SiloKey} behind {Address} did not answer; resolving the address again.")]
    private static partial void LogStaleRoute(ILogger logger, Exception exception, Address address, string siloKey);
}
