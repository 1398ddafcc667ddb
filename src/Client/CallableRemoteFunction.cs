using MochiOrleans.Grains;
using MochiOrleans.Internal;

namespace MochiOrleans;

/// <summary>
/// A <see cref="RemoteFunction"/> bound to an address and a provider id (PyMargo's <c>rpc.on(address, provider_id)</c>).
/// </summary>
public sealed partial class CallableRemoteFunction
{
    private readonly RemoteFunction _function;

    internal CallableRemoteFunction(RemoteFunction function, Address address, ushort providerId)
    {
        _function = function;
        Address = address;
        ProviderId = providerId;
    }

    /// <summary>The engine the call enters.</summary>
    public Address Address { get; }

    /// <summary>The provider id called.</summary>
    public ushort ProviderId { get; }

    /// <summary>Calls the RPC with positional arguments and returns its response.</summary>
    /// <param name="args">The arguments, by position.</param>
    /// <returns>The response, or <see langword="null"/> for a handler that returns nothing or a one-way call.</returns>
    /// <exception cref="MargoException">The call failed; <see cref="MargoException.Code"/> says why.</exception>
    public Task<object?> CallAsync(params object?[] args) => CallAsync<object?>(args, kwargs: null);

    /// <summary>Calls the RPC with positional arguments and returns its response as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The expected response type; numeric responses widen without loss (<c>int</c> to <c>long</c>).</typeparam>
    /// <param name="args">The arguments, by position.</param>
    /// <returns>The response.</returns>
    /// <exception cref="MargoException">The call failed; <see cref="MargoException.Code"/> says why.</exception>
    public Task<T> CallAsync<T>(params object?[] args) => CallAsync<T>(args, kwargs: null);

    /// <summary>Calls the RPC with positional and keyword arguments, a timeout and a cancellation token.</summary>
    /// <typeparam name="T">The expected response type.</typeparam>
    /// <param name="args">The arguments, by position.</param>
    /// <param name="kwargs">The arguments by parameter name (PyMargo's keyword arguments); <see langword="null"/> for none.</param>
    /// <param name="timeout">
    /// How long the whole call may take (address resolution included); the engine's default if <see langword="null"/>;
    /// <see cref="Timeout.InfiniteTimeSpan"/> for no deadline of our own (Orleans still ends any call after ~24.8 days).
    /// </param>
    /// <param name="cancellationToken">Cancels the call; the handler's own token is cancelled too.</param>
    /// <returns>The response; <c>default</c> for a one-way call.</returns>
    /// <exception cref="MargoException">The call failed; <see cref="MargoException.Code"/> says why.</exception>
    public Task<T> CallAsync<T>(
        object?[] args,
        IReadOnlyDictionary<string, object?>? kwargs,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default) =>
        _function.Engine.Telemetry.ClientEnabled
            ? CallObservedAsync<T>(args, kwargs, timeout, cancellationToken)
            : CallCoreAsync<T>(args, kwargs, timeout, traceParent: null, cancellationToken);

    private Task<T> CallCoreAsync<T>(
        object?[] args,
        IReadOnlyDictionary<string, object?>? kwargs,
        TimeSpan? timeout,
        string? traceParent,
        CancellationToken cancellationToken)
    {
        // Most calls find their address's route and their resolution cached, and go by index: those need no await
        // before the grain call, which every call awaits. They skip the general path, whose state machine (allocated
        // per call) holds every step's locals. Anything else, including every error, takes the general path, which
        // checks all this again and throws.
        var engine = _function.Engine;
        if (args is not null
            && kwargs is null
            && IsValid(timeout)
            && !cancellationToken.IsCancellationRequested
            && !_function.DisabledResponse
            && !engine.IsRefusing
            && engine.Router.TryGetRoute(Address, out var addressRoute)
            && addressRoute.Connection.TryGetResolution(_function.Name, ProviderId, out var route)
            && route is { DisableResponse: false, ByIndex: true }
            && ValueInspection.Inspect(args, null, engine.Options.Limits, addressRoute.Connection.Serializability).Problem == ValueProblem.None)
        {
            return InvokeResolvedAsync<T>(addressRoute.Connection, route, ByIndex(route, args, null, traceParent), StartDeadline(timeout, cancellationToken));
        }

        return CallAnyAsync<T>(args, kwargs, timeout, traceParent, cancellationToken);
    }

    private async Task<T> CallAnyAsync<T>(
        object?[]? args,
        IReadOnlyDictionary<string, object?>? kwargs,
        TimeSpan? timeout,
        string? traceParent,
        CancellationToken cancellationToken)
    {
        if (!IsValid(timeout))
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A call timeout must be positive.");
        }

        var engine = _function.Engine;
        var name = _function.Name;
        engine.ThrowIfCannotCall(name, ProviderId);
        args ??= [];

        // One deadline bounds the whole call, address resolution and connecting included.
        var deadline = StartDeadline(timeout, cancellationToken);
        var handedOver = false;
        try
        {
            var token = deadline.Token;
            var connection = (await engine.Router.GetRouteAsync(Address, token).ConfigureAwait(false)).Connection;

            // Before anything is serialized: Orleans' serializer recurses per nesting level (a stack overflow kills the
            // process) and a message over its size limit closes the connection shared by other calls.
            var limits = engine.Options.Limits;
            if (ValueInspection.Inspect(args, kwargs, limits, connection.Serializability) is { Problem: not ValueProblem.None } report)
            {
                throw Invalid($"RPC '{name}': {report.Describe("the arguments", limits)}");
            }

            var copiedKwargs = kwargs is null || kwargs.Count == 0 ? null : new Dictionary<string, object?>(kwargs, StringComparer.Ordinal);

            // Resolved once through the dispatch grain, then straight to the provider grain: one hop per call, as a
            // typed Orleans call.
            var (route, error) = await connection.ResolveAsync(name, ProviderId, token).ConfigureAwait(false);

            // A cached resolution costs no await: a token cancelled before the call must still stop it here, since a
            // one-way call has nothing else that would look at the token.
            token.ThrowIfCancellationRequested();
            RpcRequest Request(bool withCaller) => new(name, ProviderId, args, copiedKwargs, withCaller ? engine.CallerAddress : null) { TraceParent = traceParent };
            if (route is null)
            {
                if (!_function.DisabledResponse)
                {
                    throw ResponseConversion.ToException(error!, name, ProviderId);
                }

                // Nobody waits for a one-way call: the dispatcher logs why it cannot be delivered.
                await connection.Dispatcher.PostAsync(Request(withCaller: true)).ConfigureAwait(false);
                return default!;
            }

            if (_function.DisabledResponse || route.DisableResponse)
            {
                // By name: a one-way call cannot be retried, so it must not fail on a method table changed meanwhile.
                await route.Grain.PostAsync(Request(withCaller: route.UsesHandle)).ConfigureAwait(false);
                return default!;
            }

            var request = route.ByIndex ? ByIndex(route, args, copiedKwargs, traceParent) : Request(withCaller: route.UsesHandle);
            handedOver = true;
            return await InvokeResolvedAsync<T>(connection, route, request, deadline).ConfigureAwait(false);
        }
        catch (Exception exception) when (!handedOver)
        {
            throw CallFailure.From(exception, name, ProviderId, deadline.Expired);
        }
        finally
        {
            if (!handedOver)
            {
                deadline.Dispose();
            }
        }
    }

    /// <summary>
    /// Calls the provider grain <paramref name="route"/> names, and ends <paramref name="deadline"/> with the call. A
    /// request by index that meets a changed method table is sent again by name, through the dispatcher.
    /// </summary>
    private async Task<T> InvokeResolvedAsync<T>(ClusterConnection connection, ProviderRoute route, RpcRequest request, CallDeadline deadline)
    {
        using (deadline)
        {
            try
            {
                RpcResponse response;
                connection.Departures.Track(_function.Name, ProviderId, deadline);
                try
                {
                    response = await route.Grain.InvokeAsync(request, deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (deadline.Departed is { } departed)
                {
                    // The watch abandoned the call: its provider's silo left the cluster and nothing will answer.
                    connection.Forget(_function.Name, ProviderId, route);
                    throw ResponseConversion.ToException(departed, _function.Name, ProviderId);
                }
                catch (Exception exception) when (exception is not (OperationCanceledException or TimeoutException))
                {
                    // The provider's silo may have left: resolve afresh next time.
                    connection.Forget(_function.Name, ProviderId, route);
                    throw;
                }
                finally
                {
                    connection.Departures.Untrack(deadline);
                }

                if (response.Error is { Code: MargoErrorCode.NoEntry })
                {
                    // The cached resolution went stale (deregistered, registered again elsewhere): ask the dispatcher, once.
                    connection.Forget(_function.Name, ProviderId, route);
                    var byName = request.ByName(_function.Name, _function.Engine.CallerAddress);
                    response = await connection.Dispatcher.InvokeAsync(byName, deadline.Token).ConfigureAwait(false);
                }

                return ResponseConversion.Convert<T>(response, _function.Name, ProviderId);
            }
            catch (Exception exception)
            {
                throw CallFailure.From(exception, _function.Name, ProviderId, deadline.Expired);
            }
        }
    }

    private CallDeadline StartDeadline(TimeSpan? timeout, CancellationToken cancellationToken) =>
        CallDeadline.Start(timeout ?? _function.Engine.DefaultCallTimeout, _function.Engine.DeadlineSources, cancellationToken);

    // By the position the resolution gave: no name to send or to look up; the caller's address only for a handler that
    // takes a Handle.
    private RpcRequest ByIndex(ProviderRoute route, object?[] args, Dictionary<string, object?>? kwargs, string? traceParent) =>
        RpcRequest.ByIndex(
            route.MethodIndex, route.TableGeneration, ProviderId, args, kwargs, route.UsesHandle ? _function.Engine.CallerAddress : null, traceParent);

    private static bool IsValid(TimeSpan? timeout) => timeout is not { } t || t > TimeSpan.Zero || t == Timeout.InfiniteTimeSpan;

    private MargoException Invalid(string message) => new(MargoErrorCode.InvalidArgument, message, _function.Name, ProviderId);
}
