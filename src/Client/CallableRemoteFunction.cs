using MochiOrleans.Grains;
using MochiOrleans.Internal;

namespace MochiOrleans;

/// <summary>
/// A <see cref="RemoteFunction"/> bound to an address and a provider id (PyMargo's <c>rpc.on(address, provider_id)</c>).
/// </summary>
public sealed class CallableRemoteFunction
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
    /// <param name="timeout">How long to wait for the response; the engine's default if <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call; the handler's own token is cancelled too.</param>
    /// <returns>The response; <c>default</c> for a one-way call.</returns>
    /// <exception cref="MargoException">The call failed; <see cref="MargoException.Code"/> says why.</exception>
    public async Task<T> CallAsync<T>(
        object?[] args,
        IReadOnlyDictionary<string, object?>? kwargs,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        if (timeout is { } t && t <= TimeSpan.Zero && t != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A call timeout must be positive.");
        }

        var engine = _function.Engine;
        var name = _function.Name;
        engine.ThrowIfCannotCall(name, ProviderId);
        args ??= [];
        var connection = (await engine.GetRouteAsync(Address, cancellationToken).ConfigureAwait(false)).Connection;

        // Before anything is serialized: Orleans' serializer recurses per nesting level (a stack overflow kills the
        // process) and a message over its size limit closes the connection shared by other calls.
        var limits = engine.Options.Limits;
        if (ValueInspection.Inspect(args, kwargs, limits, connection.Serializability) is { Problem: not ValueProblem.None } report)
        {
            throw Invalid($"RPC '{name}': {report.Describe("the arguments", limits)}");
        }

        var effectiveTimeout = timeout ?? engine.Options.DefaultTimeout;
        using var deadline = effectiveTimeout is { } limit && limit != Timeout.InfiniteTimeSpan
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)
            : null;
        deadline?.CancelAfter(effectiveTimeout!.Value);
        var token = deadline?.Token ?? cancellationToken;
        var copiedKwargs = kwargs is null || kwargs.Count == 0 ? null : new Dictionary<string, object?>(kwargs, StringComparer.Ordinal);
        RpcRequest Request(bool withCaller) => new(name, ProviderId, args, copiedKwargs, withCaller ? engine.CallerAddress : null);
        try
        {
            // Resolved once through the dispatch grain, then straight to the provider grain: one hop per call, as a
            // typed Orleans call.
            var (route, error) = await connection.ResolveAsync(name, ProviderId, token).ConfigureAwait(false);
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

            var request = Request(withCaller: route.UsesHandle);
            if (_function.DisabledResponse || route.DisableResponse)
            {
                await route.Grain.PostAsync(request).ConfigureAwait(false);
                return default!;
            }

            RpcResponse response;
            try
            {
                response = await route.Grain.InvokeAsync(request, token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not (OperationCanceledException or TimeoutException))
            {
                // The provider's silo may have left: resolve afresh next time.
                connection.Forget(name, ProviderId, route);
                throw;
            }

            if (response.Error is { Code: MargoErrorCode.NoEntry })
            {
                // The cached resolution went stale (deregistered, registered again elsewhere): ask the dispatcher, once.
                connection.Forget(name, ProviderId, route);
                response = await connection.Dispatcher.InvokeAsync(Request(withCaller: true), token).ConfigureAwait(false);
            }

            return ResponseConversion.Convert<T>(response, name, ProviderId);
        }
        catch (Exception exception) when (exception is not MargoException)
        {
            var timedOut = deadline is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested;
            throw CallFailure.From(exception, name, ProviderId, timedOut);
        }
    }

    private MargoException Invalid(string message) => new(MargoErrorCode.InvalidArgument, message, _function.Name, ProviderId);
}
