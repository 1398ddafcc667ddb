using MochiOrleans.Grains;

namespace MochiOrleans.Internal;

/// <summary>Turns an <see cref="RpcResponse"/> into the value the caller asked for, or the exception it stands for.</summary>
internal static class ResponseConversion
{
    public static T Convert<T>(RpcResponse response, string rpcName, ushort providerId)
    {
        if (response.Error is { } error)
        {
            throw ToException(error, rpcName, providerId);
        }

        var value = response.Value;
        if (value is T typed)
        {
            return typed;
        }

        if (LosslessConversion.TryConvert(value, typeof(T), out var converted))
        {
            return (T)converted!;
        }

        // The handler ran and responded: only RemoteError says so (InvalidArgument means nothing was executed).
        throw new MargoException(
            MargoErrorCode.RemoteError,
            $"RPC '{rpcName}' responded with {(value is null ? "null" : $"a {value.GetType().FullName}")}, which is not a {typeof(T).FullName} (the type CallAsync<T> asked for); the handler ran.",
            rpcName,
            providerId);
    }

    public static MargoException ToException(RpcError error, string rpcName, ushort providerId) =>
        new(error.Code, error.Message, rpcName, providerId, error.RemoteExceptionType)
        {
            RemoteStackTrace = error.RemoteStackTrace,
        };
}
