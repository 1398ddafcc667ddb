using MochiOrleans.Grains;

namespace MochiOrleans.Internal.Invocation;

/// <summary>
/// Turns a handler's return value into the response that travels, checked here where the handler can be named: a
/// value too deep, too large, with a string UTF-8 cannot carry, or of a type Orleans cannot serialize is answered
/// with <see cref="MargoErrorCode.RemoteError"/> (the handler ran; its response cannot be delivered) instead of
/// overflowing the silo's stack in Orleans' recursive serializer or closing the caller's connection.
/// </summary>
internal sealed class ResponseCheck(SerializabilityCheck codecs, ValueLimits limits)
{
    public RpcResponse Respond(object? value, string rpcName)
    {
        if (value is null)
        {
            return RpcResponse.Empty;
        }

        var report = ValueInspection.Inspect(value, limits, codecs);
        return report.Problem switch
        {
            ValueProblem.None => RpcResponse.FromValue(value),
            ValueProblem.Unserializable => RpcResponse.FromError(new RpcError(
                MargoErrorCode.RemoteError,
                $"The handler of RPC '{rpcName}' responded with a value that holds a {report.Type?.FullName}, which Orleans cannot serialize.",
                typeof(Orleans.Serialization.CodecNotFoundException).FullName)),
            _ => RpcResponse.FromError(MargoErrorCode.RemoteError, $"The response of RPC '{rpcName}' cannot be delivered: {report.Describe("it", limits)}"),
        };
    }
}
