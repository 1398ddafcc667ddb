using Orleans.Concurrency;

namespace MochiOrleans.Grains;

/// <summary>
/// Turns an RPC name into a provider grain invocation. It is a stateless worker, so every silo serves dispatches
/// locally and in parallel; use key <c>0</c>.
/// </summary>
public interface IDispatchGrain : IGrainWithIntegerKey
{
    /// <summary>Resolves <see cref="RpcRequest.RpcName"/> and <see cref="RpcRequest.ProviderId"/> and invokes the provider.</summary>
    /// <param name="request">The call.</param>
    /// <param name="cancellationToken">Cancels the call; the handler's own token is cancelled with it.</param>
    /// <returns>The handler's response, or an <see cref="RpcError"/>.</returns>
    Task<RpcResponse> InvokeAsync(RpcRequest request, CancellationToken cancellationToken = default);

    /// <summary>Sends a one-way call: the caller does not wait for the handler, and handler errors are only logged.</summary>
    /// <param name="request">The call.</param>
    [OneWay]
    Task PostAsync(RpcRequest request);
}
