using System.Net;
using System.Net.Sockets;

namespace MochiOrleans.Testing;

/// <summary>Free TCP ports on 127.0.0.1 for the silos, gateways and servers that tests and benchmarks start.</summary>
public static class FreePorts
{
    /// <summary><paramref name="count"/> distinct ports that were free a moment ago.</summary>
    public static int[] Take(int count)
    {
        // Hold every listener until all are chosen, so that the same port is not handed out twice.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
