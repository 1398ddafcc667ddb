using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MochiOrleans.Grains;
using MochiOrleans.Internal.Logging;
using MochiOrleans.Internal.Placement;
using MochiOrleans.Internal.Providers;
using MochiOrleans.Internal.Registry;
using Orleans.Concurrency;
using Orleans.Placement;

namespace MochiOrleans.Internal.Grains;

/// <summary>
/// The one grain class that hosts every provider, keyed <c>"service:providerId"</c>. It binds arguments, invokes the
/// compiled handler and turns every outcome, failures included, into an <see cref="RpcResponse"/>.
/// </summary>
/// <remarks>
/// Reentrant, so a provider serves many calls at once (handlers interleave at their awaits, as Margo handlers do on
/// their pool), and immovable, because an instance provider's object cannot travel.
/// </remarks>
[Reentrant]
[Immovable]
[MochiProviderPlacement]
internal sealed partial class ProviderGrain : Grain, IProviderGrain
{
    private readonly ProviderRegistry _registry;
    private readonly EngineServer _server;
    private readonly Engine _engine;
    private readonly IServiceProvider _services;
    private readonly SerializabilityCheck _serializability;
    private readonly LogRateLimiter _logLimiter;
    private readonly ILogger _logger;
    private ProviderRegistration? _registration;
    private object? _target;
    private RpcError? _unavailable;
    private bool _virtualPrefinalized;
    private bool _virtualFinalized;

    public ProviderGrain(
        ProviderRegistry registry,
        EngineServer server,
        Engine engine,
        IServiceProvider services,
        SerializabilityCheck serializability,
        LogRateLimiter logLimiter,
        ILogger<ProviderGrain> logger)
    {
        _registry = registry;
        _server = server;
        _engine = engine;
        _services = services;
        _serializability = serializability;
        _logLimiter = logLimiter;
        _logger = logger;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        if (_registry.TryGet(key, out var registration))
        {
            Bind(registration);
        }
        else
        {
            _unavailable = new RpcError(MargoErrorCode.NoEntry, $"No provider '{key}' is registered on this silo.");
        }

        if (_unavailable is not null)
        {
            DeactivateOnIdle();
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Runs finalize hooks. An instance provider finalizes when its engine does (the object outlives any activation);
    /// a virtual provider's object ends with its activation, so any deactivation (idle, rebalancing, shutdown) runs
    /// its prefinalize hooks, if the engine has not already, and then its finalize hooks: each once.
    /// </summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_registration is not { } registration)
        {
            return;
        }

        if (registration.IsInstance)
        {
            if ((reason.ReasonCode == DeactivationReasonCode.ShuttingDown || _server.IsFinalizing) && registration.TryBeginFinalize())
            {
                await FinalizeHook.RunAllAsync(registration.Model.Finalize, _target, _server.CallbackTimeout, _logger);
            }

            return;
        }

        _server.TrackVirtualActivation(registration.GrainKey, active: false);
        await PrefinalizeAsync();
        if (!_virtualFinalized)
        {
            _virtualFinalized = true;
            await FinalizeHook.RunAllAsync(registration.Model.Finalize, _target, _server.CallbackTimeout, _logger);
        }
    }

    public async Task PrefinalizeAsync()
    {
        if (_registration is not { } registration)
        {
            return;
        }

        var first = registration.IsInstance ? registration.TryBeginPrefinalize() : !_virtualPrefinalized;
        _virtualPrefinalized = true;
        if (first)
        {
            await FinalizeHook.RunAllAsync(registration.Model.Prefinalize, _target, _server.CallbackTimeout, _logger);
        }
    }

    public Task<bool> ClaimAsync(Guid registrationId)
    {
        if (_registration is { IsInstance: true } registration && registration.Id == registrationId)
        {
            return Task.FromResult(true);
        }

        // The provider this grain served was withdrawn, and its key registered again on this silo: serve the new one.
        var withdrawn = _registration is null || !_registry.TryGet(_registration.GrainKey, out var current) || !ReferenceEquals(current, _registration);
        if (withdrawn && _registry.TryGet(this.GetPrimaryKeyString(), out var replacement) && replacement.IsInstance && replacement.Id == registrationId)
        {
            Bind(replacement);
            return Task.FromResult(_unavailable is null);
        }

        return Task.FromResult(false);
    }

    private void Bind(ProviderRegistration registration)
    {
        try
        {
            _target = registration.IsInstance || !registration.Model.NeedsInstance
                ? registration.Instance
                : ActivatorUtilities.CreateInstance(_services, registration.Model.Type);
        }
        catch (Exception exception)
        {
            LogProviderCreationFailed(_logger, exception, registration.GrainKey);
            _unavailable = new RpcError(
                MargoErrorCode.RemoteError,
                $"Provider '{registration.GrainKey}' could not be created: {exception.Message}",
                exception.GetType().FullName);
            return;
        }

        _registration = registration;
        _unavailable = null;
        if (registration.IsInstance)
        {
            // The object lives in this process for as long as it is registered: never idle-collect its grain.
            DelayDeactivation(Timeout.InfiniteTimeSpan);
        }
        else
        {
            _server.TrackVirtualActivation(registration.GrainKey, active: true);
        }
    }

    public Task<RpcResponse> InvokeAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        if (Resolve(request, out var method) is { } refusal)
        {
            return Task.FromResult(RpcResponse.FromError(refusal));
        }

        return method.UsesHandle
            ? InvokeWithHandleAsync(method, request, cancellationToken)
            : InvokeAsync(method, request, cancellationToken);
    }

    public async Task PostAsync(RpcRequest request)
    {
        var response = await InvokeAsync(request, CancellationToken.None);
        if (response.Error is { } error && _logLimiter.ShouldLog(_logger, nameof(LogOneWayFailed), error.Code))
        {
            LogOneWayFailed(_logger, request.RpcName, request.ProviderId, error.Code, error.Message);
        }
    }

    /// <summary>Finds the handler of <paramref name="request"/>, or says why this provider will not run it.</summary>
    private RpcError? Resolve(RpcRequest request, out RemoteMethod method)
    {
        method = null!;
        if (_unavailable is not null)
        {
            return _unavailable;
        }

        // Callers address provider grains directly from a cached resolution: anything stale is NoEntry, which makes
        // them resolve again.
        var registration = _registration!;
        if (request.ProviderId != registration.ProviderId || !registration.Methods.TryGetValue(request.RpcName, out method!))
        {
            return new RpcError(
                MargoErrorCode.NoEntry,
                string.Create(CultureInfo.InvariantCulture, $"Provider '{registration.GrainKey}' does not serve RPC '{request.RpcName}' under provider id {request.ProviderId}."));
        }

        return registration.IsInstance && _server.IsFinalizing
            ? new RpcError(MargoErrorCode.Permission, $"The engine serving '{registration.GrainKey}' is finalizing.")
            : null;
    }

    private async Task<RpcResponse> InvokeAsync(RemoteMethod method, RpcRequest request, CancellationToken cancellationToken)
    {
        var arguments = ArgumentBinder.Bind(method, request.RpcName, request.Args, request.Kwargs, null, cancellationToken, out var bindError);
        if (arguments is null)
        {
            return RpcResponse.FromError(MargoErrorCode.InvalidArgument, bindError!);
        }

        try
        {
            return Success(await method.Invoke(_target, arguments), request);
        }
        catch (Exception exception)
        {
            return Failed(exception, request, cancellationToken);
        }
    }

    private async Task<RpcResponse> InvokeWithHandleAsync(RemoteMethod method, RpcRequest request, CancellationToken cancellationToken)
    {
        var handle = new Handle(new Address(request.Caller ?? string.Empty, _engine), request.ProviderId, request.RpcName);
        var arguments = ArgumentBinder.Bind(method, request.RpcName, request.Args, request.Kwargs, handle, cancellationToken, out var bindError);
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
            return Failed(exception, request, cancellationToken);
        }

        // As in Margo, Respond answers the caller at once; the handler may go on running after it.
        var first = await Task.WhenAny(handle.Response, handler);
        if (first == handle.Response)
        {
            if (!handler.IsCompleted)
            {
                _ = ObserveAfterResponseAsync(handler, request);
            }
            else if (handler.Exception is { } late)
            {
                LogFailedAfterResponse(_logger, late.GetBaseException(), request.RpcName);
            }

            return Success(handle.Response.Result, request);
        }

        if (handle.HasResponded)
        {
            return Success(handle.Response.Result, request);
        }

        return handler.IsFaulted || handler.IsCanceled
            ? Failed(handler.Exception?.GetBaseException() ?? new TaskCanceledException(handler), request, cancellationToken)
            : RpcResponse.FromError(MargoErrorCode.NoResponse, $"The handler of RPC '{request.RpcName}' returned without responding.");
    }

    private async Task ObserveAfterResponseAsync(Task handler, RpcRequest request)
    {
        try
        {
            await handler;
        }
        catch (Exception exception)
        {
            LogFailedAfterResponse(_logger, exception, request.RpcName);
        }
    }

    /// <summary>
    /// A response that can travel: checked here, where the handler can be named, rather than failing in Orleans'
    /// serializer (or, over its size limit, closing the caller's connection).
    /// </summary>
    private RpcResponse Success(object? value, RpcRequest request)
    {
        if (value is null)
        {
            return RpcResponse.Empty;
        }

        if (!_serializability.IsSerializable(value.GetType()))
        {
            return RpcResponse.FromError(new RpcError(
                MargoErrorCode.RemoteError,
                $"The handler of RPC '{request.RpcName}' responded with a {value.GetType().FullName}, which Orleans cannot serialize.",
                typeof(Orleans.Serialization.CodecNotFoundException).FullName));
        }

        var limit = _server.MaxPayloadBytes;
        if (PayloadSize.Of(value, limit, 0) > limit)
        {
            return RpcResponse.FromError(
                MargoErrorCode.InvalidArgument,
                $"The response of RPC '{request.RpcName}' is over the {limit}-byte limit (EngineOptions.MaxPayloadBytes).");
        }

        return RpcResponse.FromValue(value);
    }

    private RpcResponse Failed(Exception exception, RpcRequest request, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            return RpcResponse.FromError(MargoErrorCode.Canceled, $"RPC '{request.RpcName}' was cancelled.");
        }

        if (_logLimiter.ShouldLog(_logger, nameof(LogHandlerFailed), MargoErrorCode.RemoteError))
        {
            LogHandlerFailed(_logger, exception, request.RpcName, request.ProviderId);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Virtual provider {GrainKey} could not be created.")]
    private static partial void LogProviderCreationFailed(ILogger logger, Exception exception, string grainKey);
}
