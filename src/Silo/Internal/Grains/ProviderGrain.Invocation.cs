using System.Globalization;
using Microsoft.Extensions.Logging;
using MochiOrleans.Grains;
using MochiOrleans.Internal.Invocation;
using MochiOrleans.Internal.Providers;
using MochiOrleans.Internal.Security;

namespace MochiOrleans.Internal.Grains;

/// <summary>
/// Invocation: finds the handler of a request, binds its arguments, runs it and turns every outcome, failures
/// included, into an <see cref="RpcResponse"/>.
/// </summary>
internal sealed partial class ProviderGrain
{
    public Task<RpcResponse> InvokeAsync(RpcRequest request, CancellationToken cancellationToken) =>
        _telemetry.ServerEnabled ? InvokeObservedAsync(request, cancellationToken) : InvokeCoreAsync(request, cancellationToken);

    private Task<RpcResponse> InvokeCoreAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        if (request.Refusal is { } refused)
        {
            // The arguments were refused on arrival (too deep, too large, unreadable): nothing runs.
            return Task.FromResult(RpcResponse.FromError(MargoErrorCode.InvalidArgument, $"RPC '{NameOf(request)}': {refused}"));
        }

        if (Resolve(request, out var name, out var method) is { } refusal)
        {
            return Task.FromResult(RpcResponse.FromError(refusal));
        }

        return method.UsesHandle
            ? InvokeWithHandleAsync(method, name, request, cancellationToken)
            : InvokeAsync(method, name, request, cancellationToken);
    }

    public async Task PostAsync(RpcRequest request)
    {
        var response = await InvokeAsync(request, CancellationToken.None);
        if (response.Error is { } error && _logLimiter.ShouldLog(_logger, nameof(LogOneWayFailed), error.Code))
        {
            LogOneWayFailed(_logger, NameOf(request), request.ProviderId, error.Code, error.Message);
        }
    }

    /// <summary>Who called, as the handler's <see cref="Handle.Address"/> names it.</summary>
    private static string CallerOf(RpcRequest request) =>
        request.Caller ?? (request.ArrivedFrom.IsDefault ? string.Empty : ClusterCaller.ClientAddress(request.ArrivedFrom));

    /// <summary>
    /// The RPC <paramref name="request"/> calls, for errors, logs and spans: its name, or the name at its index in this
    /// provider's current method table (a placeholder if the index is stale).
    /// </summary>
    private string NameOf(RpcRequest request) =>
        request.RpcName
        ?? (request.MethodIndex is { } index && _registration?.Table.TryGet(index, request.TableGeneration, out var name, out _) == true
            ? name
            : string.Create(CultureInfo.InvariantCulture, $"#{request.MethodIndex}"));

    /// <summary>Finds the handler of <paramref name="request"/> and its RPC name, or says why this provider will not run it.</summary>
    private RpcError? Resolve(RpcRequest request, out string name, out RemoteMethod method)
    {
        name = null!;
        method = null!;
        if (_unavailable is not null)
        {
            return _unavailable;
        }

        // Callers address provider grains directly from a cached resolution: anything stale is NoEntry, which makes
        // them resolve again. A request by index names a position in one generation of the method table; any other
        // generation (re-registered with other RPCs, one removed) might put another method there.
        var registration = _registration!;
        var found = request.ProviderId == registration.ProviderId
            && (request.RpcName is { } rpcName
                ? registration.Methods.TryGetValue(name = rpcName, out method!)
                : registration.Table.TryGet(request.MethodIndex ?? -1, request.TableGeneration, out name, out method));
        if (!found)
        {
            return new RpcError(
                MargoErrorCode.NoEntry,
                request.RpcName is null
                    ? string.Create(CultureInfo.InvariantCulture, $"Provider '{registration.GrainKey}' changed its RPCs since the caller resolved RPC #{request.MethodIndex} under provider id {request.ProviderId}.")
                    : string.Create(CultureInfo.InvariantCulture, $"Provider '{registration.GrainKey}' does not serve RPC '{request.RpcName}' under provider id {request.ProviderId}."));
        }

        return registration.IsInstance && _server.IsFinalizing
            ? new RpcError(MargoErrorCode.Permission, $"The engine serving '{registration.GrainKey}' is finalizing.")
            : null;
    }

    private async Task<RpcResponse> InvokeAsync(RemoteMethod method, string name, RpcRequest request, CancellationToken cancellationToken)
    {
        RunningHandler.Enter();
        var arguments = ArgumentBinder.Bind(method, name, request.Args, request.Kwargs, null, cancellationToken, out var bindError);
        if (arguments is null)
        {
            return RpcResponse.FromError(MargoErrorCode.InvalidArgument, bindError!);
        }

        try
        {
            return Success(await method.Invoke(_target, arguments), name);
        }
        catch (Exception exception)
        {
            return Failed(exception, name, request, cancellationToken);
        }
    }

    private async Task<RpcResponse> InvokeWithHandleAsync(RemoteMethod method, string name, RpcRequest request, CancellationToken cancellationToken)
    {
        RunningHandler.Enter();
        var handle = new Handle(new Address(CallerOf(request), _engine), request.ProviderId, name);
        var arguments = ArgumentBinder.Bind(method, name, request.Args, request.Kwargs, handle, cancellationToken, out var bindError);
        if (arguments is null)
        {
            return RpcResponse.FromError(MargoErrorCode.InvalidArgument, bindError!);
        }

        Task<object?> handler;
        try
        {
            handler = method.Invoke(_target, arguments).AsTask();
        }
        catch (Exception exception)
        {
            return Failed(exception, name, request, cancellationToken);
        }

        // As in Margo, Respond answers the caller at once; the handler may go on running after it.
        var first = await Task.WhenAny(handle.Response, handler);
        if (first == handle.Response)
        {
            if (!handler.IsCompleted)
            {
                _ = ObserveAfterResponseAsync(handler, name);
            }
            else if (handler.Exception is { } late)
            {
                LogFailedAfterResponse(_logger, late.GetBaseException(), name);
            }

            return Success(handle.Response.Result, name);
        }

        if (handle.HasResponded)
        {
            return Success(handle.Response.Result, name);
        }

        return handler.IsFaulted || handler.IsCanceled
            ? Failed(handler.Exception?.GetBaseException() ?? new TaskCanceledException(handler), name, request, cancellationToken)
            : RpcResponse.FromError(MargoErrorCode.NoResponse, $"The handler of RPC '{name}' returned without responding.");
    }

    private async Task ObserveAfterResponseAsync(Task handler, string name)
    {
        try
        {
            await handler;
        }
        catch (Exception exception)
        {
            LogFailedAfterResponse(_logger, exception, name);
        }
    }

    /// <summary>A response that can travel, or the error saying why it cannot (see <see cref="ResponseCheck"/>).</summary>
    private RpcResponse Success(object? value, string name) => _responses.Respond(value, name);

    private RpcResponse Failed(Exception exception, string name, RpcRequest request, CancellationToken cancellationToken)
    {
        if (exception is ForwardedFailure forwarded)
        {
            return RpcResponse.FromError(forwarded.Error);
        }

        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            return RpcResponse.FromError(MargoErrorCode.Canceled, $"RPC '{name}' was cancelled.");
        }

        if (_logLimiter.ShouldLog(_logger, nameof(LogHandlerFailed), MargoErrorCode.RemoteError))
        {
            LogHandlerFailed(_logger, exception, name, request.ProviderId);
        }

        return RpcResponse.FromError(new RpcError(
            MargoErrorCode.RemoteError,
            exception.Message,
            exception.GetType().FullName,
            _server.SendStackTraces ? exception.StackTrace : null));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handler of RPC {RpcName} (provider {ProviderId}) threw.")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string rpcName, ushort providerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handler of RPC {RpcName} threw after it had responded.")]
    private static partial void LogFailedAfterResponse(ILogger logger, Exception exception, string rpcName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "One-way RPC {RpcName} (provider {ProviderId}) failed with {Code}: {Message}")]
    private static partial void LogOneWayFailed(ILogger logger, string rpcName, ushort providerId, MargoErrorCode code, string message);
}
