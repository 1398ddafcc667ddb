using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using MochiOrleans.Gateway.Protocol;
using MochiOrleans.Grains;
using MochiOrleans.Internal;
using MochiOrleans.Internal.Invocation;
using MochiOrleans.Internal.Server;

namespace MochiOrleans.Gateway.Internal;

/// <summary>
/// One server engine living outside .NET (a Python <c>Engine(mode=server)</c>), served over a <c>Serve</c> stream:
/// its providers are registered in the silo's engine, their calls go out as <see cref="IncomingCall"/>s and come back
/// as <see cref="CallResult"/>s, in any order. The engine is addressed <c>tcp://host:port/name</c> (the silo's address
/// and the session's name). When the stream ends its providers are deregistered and the calls still waiting end with
/// <see cref="MochiOrleans.MargoErrorCode.Unreachable"/>.
/// </summary>
internal sealed partial class GatewaySession : IExternalEngine
{
    // Every message goes out through one writer: a gRPC stream takes one write at a time.
    private readonly Channel<GatewayMessage> _outbox = Channel.CreateUnbounded<GatewayMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<ulong, TaskCompletionSource<CallResult>> _calls = new();
    private readonly ConcurrentDictionary<string, ExternalProvider> _providers = new(StringComparer.Ordinal);
    private readonly ProviderClaims _claims;
    private readonly ExternalEngines _engines;
    private readonly bool _sendStackTraces;
    private readonly int _maxMessageBytes;
    private readonly ILogger _logger;
    private long _nextCallId;
    private volatile bool _closed;
    private volatile bool _remoteShutdownEnabled;

    public GatewaySession(Engine engine, ProviderClaims claims, ExternalEngines engines, EngineOptions options, int maxMessageBytes, ILogger logger)
    {
        _maxMessageBytes = maxMessageBytes;
        _claims = claims;
        _engines = engines;
        _sendStackTraces = options.IncludeRemoteStackTraces;
        _logger = logger;
        MaxNestingDepth = options.Limits.MaxNestingDepth;
        Name = Guid.NewGuid().ToString("N");
        Address = engine.Address + "/" + Name;
    }

    /// <summary>The name ending the engine's address: unguessable, so that a session's address is known only from it.</summary>
    public string Name { get; }

    /// <summary>The engine's address, <c>tcp://host:port/name</c>.</summary>
    public string Address { get; }

    public int MaxNestingDepth { get; }

    /// <summary>
    /// Serves the stream until it ends, or until the host stops (<paramref name="stopping"/>): the stream would otherwise
    /// hold the host's stop for its whole shutdown timeout. The first message has been read and was <see cref="OpenSession"/>.
    /// </summary>
    public async Task RunAsync(
        IAsyncStreamReader<EngineMessage> requests, IServerStreamWriter<GatewayMessage> responses, CancellationToken stopping, CancellationToken cancellationToken)
    {
        _engines.Add(Name, this);
        LogOpened(_logger, Address);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stopping, cancellationToken);
        Post(new GatewayMessage { Opened = new SessionOpened { Address = Address, MaxMessageBytes = (ulong)_maxMessageBytes, MaxNestingDepth = (uint)MaxNestingDepth } });
        var writer = WriteAsync(responses, stop.Token);
        try
        {
            while (await requests.MoveNext(stop.Token).ConfigureAwait(false))
            {
                if (await HandleAsync(requests.Current, stop.Token).ConfigureAwait(false) is { } violation)
                {
                    LogViolation(_logger, Address, violation);
                    Post(SessionError(GatewayErrors.Of(MochiOrleans.MargoErrorCode.InvalidArgument, violation)));
                    break;
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or RpcException or InvalidOperationException)
        {
            // The engine went away (its process died, the connection broke): the same end as a closed stream.
            LogBroken(_logger, exception, Address);
        }
        finally
        {
            // A stopping silo takes its registrations with it; deregistering would only race its stop.
            await CloseAsync(deregister: !stopping.IsCancellationRequested).ConfigureAwait(false);
            _outbox.Writer.TryComplete();
            try
            {
                await writer.ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException or RpcException or InvalidOperationException)
            {
                LogBroken(_logger, exception, Address);
            }

            await stop.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The gateway's answer to a session refused before it opened, or ended for breaking the protocol.</summary>
    public static GatewayMessage SessionError(Error error) => new() { Done = new RequestDone { RequestId = 0, Error = error } };

    /// <summary>Sends <paramref name="call"/> and waits for its result, decoded.</summary>
    /// <exception cref="ForwardedFailure">The engine answered an error, an unreadable value, or is gone.</exception>
    public async Task<object?> ForwardAsync(IncomingCall call, CancellationToken cancellationToken)
    {
        var id = (ulong)Interlocked.Increment(ref _nextCallId);
        call.CallId = id;
        var pending = new TaskCompletionSource<CallResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _calls[id] = pending;
        try
        {
            // Closing fails the calls registered before it; one registered meanwhile is failed here.
            if (_closed || !_outbox.Writer.TryWrite(new GatewayMessage { Call = call }))
            {
                throw Gone(call.RpcName);
            }

            var result = await pending.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return Outcome(result, call.RpcName);
        }
        finally
        {
            _calls.TryRemove(id, out _);
        }
    }

    /// <summary>Sends a message needing no answer; dropped once the session has ended.</summary>
    public void Post(IncomingCall call) => Post(new GatewayMessage { Call = call });

    /// <inheritdoc cref="Post(IncomingCall)"/>
    public void Post(RunHooks hooks) => Post(new GatewayMessage { RunHooks = hooks });

    public bool TryAcceptShutdown()
    {
        if (!_remoteShutdownEnabled)
        {
            LogShutdownRefused(_logger, Address);
            return false;
        }

        LogShutdown(_logger, Address);
        Post(new GatewayMessage { Shutdown = new ShutdownRequested() });
        return true;
    }

    private void Post(GatewayMessage message)
    {
        if (!_closed)
        {
            _outbox.Writer.TryWrite(message);
        }
    }

    /// <returns>Why the message breaks the protocol, or <see langword="null"/> once it is handled.</returns>
    private async Task<string?> HandleAsync(EngineMessage message, CancellationToken cancellationToken)
    {
        switch (message.MessageCase)
        {
            case EngineMessage.MessageOneofCase.RegisterProvider:
                Post(new GatewayMessage { Done = await RegisterAsync(message.RegisterProvider, cancellationToken).ConfigureAwait(false) });
                return null;
            case EngineMessage.MessageOneofCase.DeregisterProvider:
                Post(new GatewayMessage { Done = await DeregisterAsync(message.DeregisterProvider).ConfigureAwait(false) });
                return null;
            case EngineMessage.MessageOneofCase.Result:
                // A result nobody waits for any more (its caller timed out or cancelled) is dropped.
                if (_calls.TryGetValue(message.Result.CallId, out var pending))
                {
                    pending.TrySetResult(message.Result);
                }

                return null;
            case EngineMessage.MessageOneofCase.EnableRemoteShutdown:
                _remoteShutdownEnabled = true;
                Post(new GatewayMessage { Done = new RequestDone { RequestId = message.EnableRemoteShutdown.RequestId } });
                return null;
            case EngineMessage.MessageOneofCase.Open:
                return "OpenSession was sent twice; a session opens once, with its first message.";
            default:
                return "An EngineMessage carries none of the messages this gateway knows (mochi.gateway.v1).";
        }
    }

    private Task<RequestDone> RegisterAsync(RegisterProvider request, CancellationToken cancellationToken) =>
        AnswerAsync(request.RequestId, async () =>
        {
            var providerId = ProviderId(request.ProviderId);
            if (ServiceNameProblem(request.ServiceName) is { } problem)
            {
                throw new MargoException(MochiOrleans.MargoErrorCode.InvalidArgument, problem, providerId: providerId);
            }

            if (request.Rpcs.Count == 0)
            {
                throw new MargoException(
                    MochiOrleans.MargoErrorCode.InvalidArgument,
                    "A provider registered through the gateway serves at least one RPC; an engine runs the hooks of a provider without RPCs itself.",
                    providerId: providerId);
            }

            var hasHooks = request.HasPrefinalize || request.HasFinalize;
            var oneWay = request.Rpcs.Where(r => r.DisableResponse).Select(r => r.Name).ToFrozenSet(StringComparer.Ordinal);
            var provider = new ExternalProvider(this, request.ServiceName, providerId, oneWay, hasHooks);
            var rpcs = request.Rpcs.Select(r => (r.Name, r.DisableResponse)).ToList();
            var key = await _claims.RegisterExternalAsync(provider, request.ServiceName, providerId, rpcs, hasHooks, cancellationToken).ConfigureAwait(false);
            _providers[key] = provider;
            if (_closed)
            {
                // The session ended while the cluster confirmed the registration: take it back.
                await DeregisterQuietlyAsync(key, provider).ConfigureAwait(false);
            }

            LogRegistered(_logger, key, Address);
        });

    private Task<RequestDone> DeregisterAsync(DeregisterProvider request) =>
        AnswerAsync(request.RequestId, async () =>
        {
            var key = ProviderRegistrationKey(request.ServiceName, ProviderId(request.ProviderId));
            if (!_providers.TryRemove(key, out var provider) || !await _claims.DeregisterExternalAsync(key, provider).ConfigureAwait(false))
            {
                throw new MargoException(MochiOrleans.MargoErrorCode.NoEntry, $"This engine has no provider '{key}'.");
            }
        });

    /// <summary>Runs one request of the engine; its failure is the request's answer, never the session's end.</summary>
    private async Task<RequestDone> AnswerAsync(ulong requestId, Func<Task> request)
    {
        var done = new RequestDone { RequestId = requestId };
        try
        {
            await request().ConfigureAwait(false);
        }
        catch (MargoException exception)
        {
            done.Error = GatewayErrors.From(exception);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The cluster could not be asked (a timeout, a silo leaving): this request fails, the session goes on.
            LogRequestFailed(_logger, exception, Address);
            done.Error = GatewayErrors.Of(MochiOrleans.MargoErrorCode.Unreachable, $"The cluster did not answer: {exception.Message}");
        }

        return done;
    }

    private async Task CloseAsync(bool deregister)
    {
        _closed = true;
        _engines.Remove(Name, this);
        foreach (var (id, pending) in _calls)
        {
            pending.TrySetException(Gone(null));
            _calls.TryRemove(id, out _);
        }

        foreach (var (key, provider) in _providers)
        {
            _providers.TryRemove(key, out _);
            if (deregister)
            {
                await DeregisterQuietlyAsync(key, provider).ConfigureAwait(false);
            }
        }

        LogClosed(_logger, Address);
    }

    private async Task DeregisterQuietlyAsync(string key, ExternalProvider provider)
    {
        try
        {
            await _claims.DeregisterExternalAsync(key, provider).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // The silo may be stopping: its own stop releases what is left.
            LogDeregisterFailed(_logger, exception, key, Address);
        }
    }

    private object? Outcome(CallResult result, string rpcName)
    {
        switch (result.OutcomeCase)
        {
            case CallResult.OutcomeOneofCase.Value:
                try
                {
                    return ValueDecoder.DecodeValue(result.Value, MaxNestingDepth);
                }
                catch (MargoException exception)
                {
                    throw new ForwardedFailure(new RpcError(MochiOrleans.MargoErrorCode.RemoteError, $"RPC '{rpcName}' answered a value that cannot be read: {exception.Message}"));
                }

            case CallResult.OutcomeOneofCase.Error:
                var error = result.Error;
                var code = Enum.IsDefined((MochiOrleans.MargoErrorCode)(int)error.Code) ? (MochiOrleans.MargoErrorCode)(int)error.Code : MochiOrleans.MargoErrorCode.RemoteError;
                throw new ForwardedFailure(new RpcError(
                    code,
                    error.Message,
                    string.IsNullOrEmpty(error.RemoteExceptionType) ? null : error.RemoteExceptionType,
                    _sendStackTraces && !string.IsNullOrEmpty(error.RemoteStackTrace) ? error.RemoteStackTrace : null));
            default:
                throw new ForwardedFailure(new RpcError(MochiOrleans.MargoErrorCode.RemoteError, $"RPC '{rpcName}' answered neither a value nor an error."));
        }
    }

    private ForwardedFailure Gone(string? rpcName) => new(new RpcError(
        MochiOrleans.MargoErrorCode.Unreachable,
        rpcName is null
            ? $"The engine {Address} serving this call has gone (its gateway session ended)."
            : $"RPC '{rpcName}' cannot reach the engine {Address}: its gateway session has ended."));

    private async Task WriteAsync(IServerStreamWriter<GatewayMessage> responses, CancellationToken cancellationToken)
    {
        await foreach (var message in _outbox.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            await responses.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        }
    }

    private static ushort ProviderId(uint providerId) =>
        providerId < RpcNameRules.ReservedProviderId
            ? (ushort)providerId
            : throw new MargoException(
                MochiOrleans.MargoErrorCode.InvalidArgument,
                string.Create(CultureInfo.InvariantCulture, $"Provider id {providerId} is out of range 0..{RpcNameRules.ReservedProviderId - 1}."));

    private static string? ServiceNameProblem(string serviceName) =>
        serviceName.Length > RpcNameRules.MaxLength || serviceName.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == ':')
            ? $"Service name '{serviceName}' is longer than {RpcNameRules.MaxLength} characters or holds whitespace, control characters or ':'."
            : null;

    private static string ProviderRegistrationKey(string serviceName, ushort providerId) =>
        string.Create(CultureInfo.InvariantCulture, $"{serviceName}:{providerId}");

    [LoggerMessage(EventId = 8010, Level = LogLevel.Information, Message = "Gateway session opened for engine {Address}.")]
    private static partial void LogOpened(ILogger logger, string address);

    [LoggerMessage(EventId = 8011, Level = LogLevel.Information, Message = "Gateway session of engine {Address} ended; its providers are deregistered.")]
    private static partial void LogClosed(ILogger logger, string address);

    [LoggerMessage(EventId = 8012, Level = LogLevel.Information, Message = "Provider {GrainKey} registered by engine {Address}.")]
    private static partial void LogRegistered(ILogger logger, string grainKey, string address);

    [LoggerMessage(EventId = 8013, Level = LogLevel.Warning, Message = "Gateway session of engine {Address} ended: it broke the protocol ({Violation}).")]
    private static partial void LogViolation(ILogger logger, string address, string violation);

    [LoggerMessage(EventId = 8014, Level = LogLevel.Debug, Message = "The stream of engine {Address} broke.")]
    private static partial void LogBroken(ILogger logger, Exception exception, string address);

    [LoggerMessage(EventId = 8015, Level = LogLevel.Warning, Message = "Provider {GrainKey} of engine {Address} could not be deregistered.")]
    private static partial void LogDeregisterFailed(ILogger logger, Exception exception, string grainKey, string address);

    [LoggerMessage(EventId = 8018, Level = LogLevel.Warning, Message = "A request of engine {Address} failed in the cluster.")]
    private static partial void LogRequestFailed(ILogger logger, Exception exception, string address);

    [LoggerMessage(EventId = 8016, Level = LogLevel.Information, Message = "Remote shutdown of engine {Address} accepted.")]
    private static partial void LogShutdown(ILogger logger, string address);

    [LoggerMessage(EventId = 8017, Level = LogLevel.Warning, Message = "Remote shutdown of engine {Address} refused: it has not enabled remote shutdown.")]
    private static partial void LogShutdownRefused(ILogger logger, string address);
}
