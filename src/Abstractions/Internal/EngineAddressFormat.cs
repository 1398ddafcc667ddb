using System.Globalization;
using System.Net;

namespace MochiOrleans.Internal;

/// <summary>
/// The string form of engine addresses: <c>tcp://ip:port</c>, where the endpoint is the silo's gateway, and
/// <c>tcp://ip:port/name</c> for an engine living outside the cluster's processes that the silo at <c>ip:port</c>
/// hosts through its gRPC gateway (a Python server engine). Engines print it, <c>LookupAsync</c> parses it.
/// </summary>
internal static class EngineAddressFormat
{
    public const string Scheme = "tcp";
    private const string Prefix = Scheme + "://";

    /// <summary>The longest name of a hosted engine.</summary>
    public const int MaxEngineNameLength = 64;

    public static string Format(IPEndPoint gateway) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{gateway.Address}:{gateway.Port}");

    /// <summary>The address of the engine named <paramref name="engineName"/> hosted by the silo at <paramref name="gateway"/>, or the silo's own.</summary>
    public static string Format(IPEndPoint gateway, string? engineName) =>
        engineName is null ? Format(gateway) : Format(gateway) + "/" + engineName;

    /// <summary>
    /// Splits <c>tcp://host:port/name</c> into the silo's part (returned) and the hosted engine's name; any other value
    /// is returned whole, with no name. A name is 1 to <see cref="MaxEngineNameLength"/> letters, digits, '-' or '_'.
    /// </summary>
    public static string SplitEngineName(string value, out string? engineName)
    {
        engineName = null;
        if (!value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return value;
        }

        var slash = value.IndexOf('/', Prefix.Length);
        if (slash < 0)
        {
            return value;
        }

        var name = value[(slash + 1)..];
        if (!IsEngineName(name))
        {
            return value;
        }

        engineName = name;
        return value[..slash];
    }

    /// <summary>Whether <paramref name="name"/> may end a hosted engine's address.</summary>
    public static bool IsEngineName(string name) =>
        name.Length is > 0 and <= MaxEngineNameLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

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
