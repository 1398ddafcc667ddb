using Microsoft.Extensions.Logging;
using MochiOrleans.Grains;
using MochiOrleans.Internal.Logging;
using MochiOrleans.Internal.Registry;
using Orleans.Concurrency;

namespace MochiOrleans.Internal.Grains;

/// <summary>
/// Resolves an RPC name and provider id against this silo's frozen <see cref="ResolutionTable"/> and forwards the
/// unchanged request to the provider grain. A reentrant stateless worker: every silo dispatches locally, many calls at
/// a time, and the common path allocates nothing of its own.
/// </summary>
/// <remarks>
/// One worker per silo, not one per core: Orleans routes a call's cancellation to any worker of a stateless worker
/// grain, not to the one running the call (dotnet/orleans#9877), so with several workers a caller's timeout or
/// cancellation would never reach the handler. Reentrancy keeps the single worker from serializing calls.
/// </remarks>
[StatelessWorker(1)]
[Reentrant]
internal sealed partial class DispatchGrain(ClusterDirectory directory, LogRateLimiter logLimiter, ILogger<DispatchGrain> logger) : Grain, IDispatchGrain
{
    public Task<RpcResponse> InvokeAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        if (request.RpcName is null || !directory.TryResolve(request.RpcName, request.ProviderId, out var route))
        {
            return InvokeAfterRefreshAsync(request, cancellationToken);
        }

        if (route.DisableResponse)
        {
            return PostAndAcknowledgeAsync(route, request);
        }

        return route.Grain.InvokeAsync(request, cancellationToken);
    }

    public async Task<RpcResolution> ResolveAsync(string rpcName, ushort providerId)
    {
        if (RpcNameRules.Problem(rpcName) is { } problem)
        {
            return new RpcResolution(null, false, new RpcError(MargoErrorCode.InvalidArgument, problem));
        }

        var (route, error) = await directory.ResolveAsync(rpcName, providerId);
        return route is null ? new RpcResolution(null, false, error) : new RpcResolution(route.GrainKey, route.DisableResponse, null, route.UsesHandle, route.MethodIndex, route.TableGeneration);
    }

    public async Task PostAsync(RpcRequest request)
    {
        // Only a provider grain knows its method table: here a request must name its RPC (as the facade's always do).
        if (request.RpcName is null)
        {
            return;
        }

        var (route, error) = await directory.ResolveAsync(request.RpcName, request.ProviderId);
        if (route is null)
        {
            // Nobody waits for a one-way call's outcome: the log is the only place a failure can go, and a caller may
            // not flood it.
            if (logLimiter.ShouldLog(logger, nameof(LogOneWayUnresolved), error!.Code))
            {
                LogOneWayUnresolved(logger, request.RpcName, request.ProviderId, error.Code, error.Message);
            }

            return;
        }

        await route.Grain.PostAsync(request);
    }

    private async Task<RpcResponse> InvokeAfterRefreshAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        var name = request.RpcName;
        if (RpcNameRules.Problem(name) is { } problem)
        {
            return RpcResponse.FromError(MargoErrorCode.InvalidArgument, problem);
        }

        var (route, error) = await directory.ResolveAsync(name!, request.ProviderId);
        if (route is null)
        {
            return RpcResponse.FromError(error!);
        }

        return route.DisableResponse
            ? await PostAndAcknowledgeAsync(route, request)
            : await route.Grain.InvokeAsync(request, cancellationToken);
    }

    // The server declared the RPC one-way: the caller gets no response from the handler, only the hand-off.
    private static async Task<RpcResponse> PostAndAcknowledgeAsync(RpcRoute route, RpcRequest request)
    {
        await route.Grain.PostAsync(request);
        return RpcResponse.Empty;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "One-way RPC {RpcName} (provider {ProviderId}) dropped: {Code}: {Message}")]
    private static partial void LogOneWayUnresolved(ILogger logger, string rpcName, ushort providerId, MargoErrorCode code, string message);
}
