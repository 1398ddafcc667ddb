using System.Net;
using System.Net.Sockets;

namespace MochiOrleans.Benchmarks.Hosting;

/// <summary>Picks free loopback ports, so that runs never collide with another silo on the machine.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
