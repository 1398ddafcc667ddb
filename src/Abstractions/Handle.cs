namespace MochiOrleans;

/// <summary>
/// The request being served, passed to a <see cref="RemoteAttribute">[Remote]</see> method that declares a
/// <see cref="Handle"/> parameter. The handler answers with <see cref="Respond"/>.
/// </summary>
/// <remarks>
/// As in Margo, <see cref="Respond"/> sends the response at once; the handler may keep running afterwards.
/// A handler that returns without responding gives the caller <see cref="MargoErrorCode.NoResponse"/>.
/// </remarks>
public sealed class Handle
{
    private readonly TaskCompletionSource<object?> _response = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal Handle(Address caller, ushort providerId, string rpcName)
    {
        Address = caller;
        ProviderId = providerId;
        RpcName = rpcName;
    }

    /// <summary>The address of the engine that sent the request.</summary>
    public Address Address { get; }

    /// <summary>The provider id the request was sent to.</summary>
    public ushort ProviderId { get; }

    /// <summary>The full name of the RPC being served.</summary>
    public string RpcName { get; }

    /// <summary>Sends <paramref name="value"/> to the caller as the response.</summary>
    /// <param name="value">The response; must be serializable by Orleans.</param>
    /// <exception cref="InvalidOperationException">The handler already responded.</exception>
    public void Respond(object? value = null)
    {
        if (!_response.TrySetResult(value))
        {
            throw new InvalidOperationException($"RPC '{RpcName}' already responded; a handler responds once.");
        }
    }

    /// <summary>Completes with the response once <see cref="Respond"/> has been called.</summary>
    internal Task<object?> Response => _response.Task;

    internal bool HasResponded => _response.Task.IsCompleted;
}
