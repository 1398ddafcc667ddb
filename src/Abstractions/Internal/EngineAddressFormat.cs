using System.Globalization;
using System.Net;

namespace MochiOrleans.Internal;

/// <summary>
/// The string form of engine addresses: <c>tcp://ip:port</c>, where the endpoint is the silo's gateway.
/// Engines print it, <c>LookupAsync</c> parses it.
/// </summary>
internal static class EngineAddressFormat
{
    public const string Scheme = "tcp";
    private const string Prefix = Scheme + "://";

    public static string Format(IPEndPoint gateway) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{gateway.Address}:{gateway.Port}");

    /// <summary>Parses <c>tcp</c>, <c>tcp://host</c> and <c>tcp://host:port</c>; a missing port is 0, a missing host is empty.</summary>
    public static bool TryParse(string? value, out string host, out int port)
    {
        host = string.Empty;
        port = 0;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        value = value.Trim();
        if (string.Equals(value, Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = value[Prefix.Length..];
        var colon = rest.LastIndexOf(':');
        if (colon < 0 || (rest.StartsWith('[') && !rest[..colon].EndsWith(']')))
        {
            host = rest.Trim('[', ']');
            return host.Length > 0 && !host.Contains('/', StringComparison.Ordinal);
        }

        host = rest[..colon].Trim('[', ']');
        return host.Length > 0
            && int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port)
            && port is > 0 and <= IPEndPoint.MaxPort;
    }

    /// <summary>Parses an address that must name a host and a port, resolving host names to an IP address.</summary>
    /// <returns>The endpoint, or <see langword="null"/> for a malformed address.</returns>
    /// <exception cref="MargoException">
    /// <see cref="MargoErrorCode.Unreachable"/> for a well-formed host name that does not resolve: DNS answers so for a
    /// headless Kubernetes Service with no ready pod, which is a server that is not there (yet), not a wrong address.
    /// </exception>
    public static async Task<IPEndPoint?> ResolveEndpointAsync(string value, CancellationToken cancellationToken)
    {
        if (!TryParse(value, out var host, out var port) || host.Length == 0 || port == 0)
        {
            return null;
        }

        if (IPAddress.TryParse(host, out var ip))
        {
            return new IPEndPoint(ip, port);
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            var chosen = Array.Find(addresses, a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
                ?? throw new MargoException(MargoErrorCode.Unreachable, $"Host '{host}' has no address.");
            return new IPEndPoint(chosen, port);
        }
        catch (System.Net.Sockets.SocketException exception)
        {
            throw new MargoException(MargoErrorCode.Unreachable, $"Host '{host}' does not resolve: {exception.Message}", innerException: exception);
        }
    }
}
