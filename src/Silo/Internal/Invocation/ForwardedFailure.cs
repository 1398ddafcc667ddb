using MochiOrleans.Grains;

namespace MochiOrleans.Internal.Invocation;

/// <summary>
/// The failure of a call forwarded to an external provider, as it is to reach the caller: the external handler's
/// exception type (<see cref="MargoErrorCode.RemoteError"/>), or why the provider could not answer (its engine is gone:
/// <see cref="MargoErrorCode.Unreachable"/>), rather than the .NET type of whatever carried it here.
/// </summary>
internal sealed class ForwardedFailure(RpcError error) : Exception(error.Message)
{
    public RpcError Error { get; } = error;
}
