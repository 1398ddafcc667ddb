using System.Net;
using System.Net.Sockets;

namespace MochiOrleans.Internal.Hosting;

/// <summary>
/// Refuses to start a silo on an endpoint where something already listens. Orleans binds its listeners with
/// <see cref="SocketOptionName.ReuseAddress"/>, which .NET turns into <c>SO_REUSEADDR</c> plus <c>SO_REUSEPORT</c>
/// on Linux and macOS, so a second silo on a port in use starts without error and the kernel splits incoming
/// connections between the two (Orleans' <c>SocketConnectionListener.Bind</c>).
/// </summary>
internal static class ListenEndpointCheck
{
    /// <summary>Binds a probe socket that cannot share the port with a listener, then releases it.</summary>
    /// <exception cref="MargoException"><see cref="MargoErrorCode.AlreadyExists"/> if something listens there.</exception>
    public static void ThrowIfInUse(IPEndPoint endpoint, string role)
    {
        using var probe = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        AllowTimeWait(probe);
        try
        {
            probe.Bind(endpoint);
        }
        catch (SocketException exception) when (exception.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            throw new MargoException(
                MargoErrorCode.AlreadyExists,
                $"Cannot listen on {endpoint} ({role}): {exception.Message}. Another engine or program is using it; choose another port or \"tcp\" for a free one.",
                innerException: exception);
        }
    }

    // SO_REUSEADDR alone (not .NET's ReuseAddress, which adds SO_REUSEPORT) lets the probe bind over connections of a
    // previous engine still in TIME_WAIT, so a restarted server gets its port back, yet still conflicts with any
    // listening socket. Windows refuses a port in use by default and needs nothing.
    private static void AllowTimeWait(Socket probe)
    {
        if (OperatingSystem.IsLinux())
        {
            probe.SetRawSocketOption(1 /* SOL_SOCKET */, 2 /* SO_REUSEADDR */, BitConverter.GetBytes(1));
        }
        else if (OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            probe.SetRawSocketOption(0xffff /* SOL_SOCKET */, 4 /* SO_REUSEADDR */, BitConverter.GetBytes(1));
        }
    }
}
