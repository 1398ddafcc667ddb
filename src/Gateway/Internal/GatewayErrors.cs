using MochiOrleans.Gateway.Protocol;

namespace MochiOrleans.Gateway.Internal;

/// <summary>How a failure travels back to a gateway caller: the <see cref="MargoException"/> a .NET caller would get, field by field.</summary>
internal static class GatewayErrors
{
    public static Error From(MargoException exception) => new()
    {
        Code = (Protocol.MargoErrorCode)(int)exception.Code,
        Message = exception.Message,
        RemoteExceptionType = exception.RemoteExceptionType ?? string.Empty,
        RemoteStackTrace = exception.RemoteStackTrace ?? string.Empty,
    };

    public static Error Of(MochiOrleans.MargoErrorCode code, string message) => From(new MargoException(code, message));
}
