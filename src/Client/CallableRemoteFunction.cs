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

    private async Task<T> CallCoreAsync<T>(
        object?[] args,
        IReadOnlyDictionary<string, object?>? kwargs,
        TimeSpan? timeout,
        string? traceParent,
        CancellationToken cancellationToken)
    {
        if (timeout is { } t && t <= TimeSpan.Zero && t != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A call timeout must be positive.");
        }

        var engine = _function.Engine;
        var name = _function.Name;
        engine.ThrowIfCannotCall(name, ProviderId);
        args ??= [];

        // One deadline bounds the whole call, address resolution and connecting included.
        using var deadline = CallDeadline.Start(timeout ?? engine.DefaultCallTimeout, engine.DeadlineSources, cancellationToken);
        var token = deadline.Token;
        ClusterConnection connection;
        try
        {
            connection = (await engine.Router.GetRouteAsync(Address, token).ConfigureAwait(false)).Connection;
        }
        catch (Exception exception)
        {
            throw CallFailure.From(exception, name, ProviderId, deadline.Expired);
        }

        // Before anything is serialized: Orleans' serializer recurses per nesting level (a stack overflow kills the
        // process) and a message over its size limit closes the connection shared by other calls.
        var limits = engine.Options.Limits;
        if (ValueInspection.Inspect(args, kwargs, limits, connection.Serializability) is { Problem: not ValueProblem.None } report)
        {
            throw Invalid($"RPC '{name}': {report.Describe("the arguments", limits)}");
        }

        var copiedKwargs = kwargs is null || kwargs.Count == 0 ? null : new Dictionary<string, object?>(kwargs, StringComparer.Ordinal);
        RpcRequest Request(bool withCaller) => new(name, ProviderId, args, copiedKwargs, withCaller ? engine.CallerAddress : null) { TraceParent = traceParent };
        try
        {
            // Resolved once through the dispatch grain, then straight to the provider grain: one hop per call, as a
            // typed Orleans call.
            var (route, error) = await connection.ResolveAsync(name, ProviderId, token).ConfigureAwait(false);

            // A cached resolution costs no await: a token cancelled before the call must still stop it here, since a
            // one-way call has nothing else that would look at the token.
            token.ThrowIfCancellationRequested();
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

            // By the position the resolution gave: no name to send or to look up. A provider whose method table changed
            // since answers NoEntry, and the retry below goes by name.
            var request = route.ByIndex
                ? RpcRequest.ByIndex(route.MethodIndex, route.TableGeneration, ProviderId, args, copiedKwargs, route.UsesHandle ? engine.CallerAddress : null, traceParent)
                : Request(withCaller: route.UsesHandle);

            RpcResponse response;
            connection.Departures.Track(name, ProviderId, deadline);
            try
            {
                response = await route.Grain.InvokeAsync(request, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.Departed is { } departed)
            {
                // The watch abandoned the call: its provider's silo left the cluster and nothing will answer.
                connection.Forget(name, ProviderId, route);
                throw ResponseConversion.ToException(departed, name, ProviderId);
            }
            catch (Exception exception) when (exception is not (OperationCanceledException or TimeoutException))
            {
                // The provider's silo may have left: resolve afresh next time.
                connection.Forget(name, ProviderId, route);
                throw;
            }
            finally
            {
                connection.Departures.Untrack(deadline);
            }

            if (response.Error is { Code: MargoErrorCode.NoEntry })
            {
                // The cached resolution went stale (deregistered, registered again elsewhere): ask the dispatcher, once.
                connection.Forget(name, ProviderId, route);
                response = await connection.Dispatcher.InvokeAsync(Request(withCaller: true), token).ConfigureAwait(false);
            }

            return ResponseConversion.Convert<T>(response, name, ProviderId);
        }
        catch (Exception exception)
        {
            throw CallFailure.From(exception, name, ProviderId, deadline.Expired);
        }
    }

    private MargoException Invalid(string message) => new(MargoErrorCode.InvalidArgument, message, _function.Name, ProviderId);
}
