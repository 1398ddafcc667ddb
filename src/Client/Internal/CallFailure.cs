using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Serialization;

namespace MochiOrleans.Internal;

/// <summary>
/// Turns what Orleans throws at a caller into the <see cref="MargoException"/> the API promises. Handler failures never
/// arrive here: the grains answer them with an <c>RpcError</c>.
/// </summary>
internal static class CallFailure
{
    public static MargoException From(Exception exception, string rpcName, ushort providerId, bool timedOut)
    {
        if (exception is MargoException margo)
        {
            // Failures found on the way (resolving the address, connecting) do not know the call; the caller does.
            return margo.RpcName is not null
                ? margo
                : new MargoException(margo.Code, margo.Message, rpcName, margo.ProviderId ?? providerId, margo.RemoteExceptionType, margo.InnerException)
                {
                    RemoteStackTrace = margo.RemoteStackTrace,
                };
        }

        var (code, message) = exception switch
        {
            OperationCanceledException when timedOut => (MargoErrorCode.Timeout, $"RPC '{rpcName}' timed out."),
            OperationCanceledException => (MargoErrorCode.Canceled, $"RPC '{rpcName}' was cancelled by the caller."),
            TimeoutException => (MargoErrorCode.Timeout, $"RPC '{rpcName}' timed out: {exception.Message}"),
            CodecNotFoundException or SerializerException =>
                (MargoErrorCode.InvalidArgument, $"RPC '{rpcName}' has a value that cannot be serialized: {exception.Message}"),
            ObjectDisposedException => (MargoErrorCode.Permission, $"RPC '{rpcName}': the connection was closed ({exception.Message})."),
            OrleansMessageRejectionException or ConnectionFailedException or ClientNotAvailableException or GatewayTooBusyException
                or SiloUnavailableException =>
                (MargoErrorCode.Unreachable, $"RPC '{rpcName}': target unreachable ({exception.Message})."),
            _ => (MargoErrorCode.RemoteError, $"RPC '{rpcName}' failed: {exception.Message}"),
        };

        return new MargoException(
            code,
            message,
            rpcName,
            providerId,
            remoteExceptionType: code == MargoErrorCode.RemoteError ? exception.GetType().FullName : null,
            innerException: exception);
    }
}
