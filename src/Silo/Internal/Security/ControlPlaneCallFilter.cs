using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MochiOrleans.Grains;
using MochiOrleans.Internal.Logging;
using Orleans.Serialization.Invocation;

namespace MochiOrleans.Internal.Security;

/// <summary>
/// Closes the control plane: every grain call arriving at this silo from outside the cluster must be on the
/// <see cref="ClientCallRules"/> allow-list and present the server's tokens (<see cref="AccessTokens"/>); calls from
/// silos of the cluster pass untouched. Provider calls from clients are checked before use and carry the caller the
/// runtime vouches for, and failures of MochiOrleans grains reach clients without server stack traces unless
/// <see cref="EngineOptions.IncludeRemoteStackTraces"/> is on.
/// </summary>
internal sealed partial class ControlPlaneCallFilter(
    AccessTokens tokens,
    IOptions<EngineOptions> options,
    LogRateLimiter logLimiter,
    ILogger<ControlPlaneCallFilter> logger) : IIncomingGrainCallFilter
{
    private static readonly Assembly MochiGrains = typeof(IDispatchGrain).Assembly;

    public Task Invoke(IIncomingGrainCallContext context)
    {
        // Taken out for every call, so that no handler or onward call sees a token a client sent.
        var presented = PresentedTokens.Take();
        if (ClusterCaller.IsSilo(context.SourceId))
        {
            return context.Invoke();
        }

        var grainInterface = context.InterfaceMethod?.DeclaringType;
        var access = ClientCallRules.For(grainInterface, context.MethodName);
        if (tokens.Refusal(access, presented) is { } reason)
        {
            if (logLimiter.ShouldLog(logger, nameof(LogRefused), MargoErrorCode.Permission))
            {
                LogRefused(logger, context.InterfaceName, context.MethodName, context.SourceId?.ToString() ?? "unknown", reason);
            }

            Refuse(context, MargoErrorCode.Permission, $"{grainInterface?.Name ?? context.InterfaceName}.{context.MethodName} refused: {reason}");
            return Task.CompletedTask;
        }

        if (grainInterface is null || grainInterface.Assembly != MochiGrains)
        {
            return context.Invoke();
        }

        if (IsInvocation(grainInterface, context.MethodName))
        {
            var argument = context.Request.GetArgument(0);
            if (RequestProblem(argument as RpcRequest, grainInterface) is { } problem)
            {
                Refuse(context, MargoErrorCode.InvalidArgument, problem);
                return Task.CompletedTask;
            }

            // The handler's Handle.Address is who really called, never a server engine's address a client claims.
            var request = (RpcRequest)argument!;
            if (request.Caller is null && grainInterface == typeof(IProviderGrain) && ClusterCaller.ClientKey(context.SourceId) is { IsDefault: false } client)
            {
                // Most calls name no caller, since their handler takes no Handle: the provider grain makes the address
                // from the client's key only if a handler asks for it. Not for the dispatch grain, which may forward the
                // request to another silo, where the key is not carried.
                request.ArrivedFrom = client;
            }
            else
            {
                context.Request.SetArgument(0, request.WithCaller(ClientAddressOf(request.Caller, context.SourceId)));
            }
        }

        return options.Value.IncludeRemoteStackTraces ? context.Invoke() : InvokeWithoutStackTracesAsync(context);
    }

    /// <summary>
    /// The client address a handler sees as its caller: the one the client engine names itself by, if it is a client
    /// address (<c>client://</c> and 32 hex digits, as <c>Engine.Address</c> makes them), else one made from the
    /// Orleans client id. A client can never appear as a server engine (<c>tcp://…</c>) or as anything malformed.
    /// </summary>
    internal static string ClientAddressOf(string? claimed, GrainId? source) =>
        claimed is not null && ClientAddressPattern().IsMatch(claimed)
            ? claimed
            : ClusterCaller.ClientAddress(ClusterCaller.ClientKey(source));

    // The provider invocations, whose first argument is the RpcRequest (checked without reflection: this is every call's path).
    private static bool IsInvocation(Type grainInterface, string method) =>
        (grainInterface == typeof(IDispatchGrain) || grainInterface == typeof(IProviderGrain))
        && method is nameof(IProviderGrain.InvokeAsync) or nameof(IProviderGrain.PostAsync);

    private static string? RequestProblem(RpcRequest? request, Type grainInterface)
    {
        if (request is null)
        {
            return "The request is missing.";
        }

        // A request may name its RPC by position only where a resolution gave one: at the provider grain.
        if (request is { RpcName: null, MethodIndex: not null } && grainInterface == typeof(IProviderGrain))
        {
            return null;
        }

        if (RpcNameRules.Problem(request.RpcName) is { } problem)
        {
            return problem;
        }

        return null;
    }

    private static void Refuse(IIncomingGrainCallContext context, MargoErrorCode code, string message)
    {
        var returnType = context.InterfaceMethod.ReturnType;
        if (returnType == typeof(Task<RpcResponse>))
        {
            context.Result = RpcResponse.FromError(code, message);
        }
        else if (returnType == typeof(Task<RpcResolution>))
        {
            context.Result = new RpcResolution(null, false, new RpcError(code, message));
        }
        else
        {
            // Never thrown here: an exception that was not thrown carries no stack trace to the client.
            context.Response = Response.FromException(new MargoException(code, message));
        }
    }

    private async Task InvokeWithoutStackTracesAsync(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception exception) when (exception is not MargoException)
        {
            if (logLimiter.ShouldLog(logger, nameof(LogClientCallFailed), MargoErrorCode.RemoteError))
            {
                LogClientCallFailed(logger, exception, context.InterfaceName, context.MethodName);
            }

            context.Response = Response.FromException(new MargoException(
                MargoErrorCode.RemoteError,
                $"The server could not process {context.MethodName}: {exception.GetType().Name}.",
                remoteExceptionType: exception.GetType().FullName));
        }
    }

    [GeneratedRegex("^client://[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex ClientAddressPattern();

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Refused {Interface}.{Method} from {Caller} outside the cluster: {Reason}")]
    private static partial void LogRefused(ILogger logger, string @interface, string method, string caller, string reason);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "{Interface}.{Method} from a client failed; the client gets no stack trace.")]
    private static partial void LogClientCallFailed(ILogger logger, Exception exception, string @interface, string method);
}
