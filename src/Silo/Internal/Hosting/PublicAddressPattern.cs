using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MochiOrleans.Internal.Hosting;

/// <summary>
/// An address under which clients reach a silo's gateway without it being any engine's own address (a Kubernetes
/// Service, a load balancer, a port-forward): <c>tcp://host:port</c>, where <c>*</c> stands for any host or port.
/// </summary>
internal sealed class PublicAddressPattern
{
    private const string Prefix = EngineAddressFormat.Scheme + "://";
    private const string Any = "*";
    private readonly string? _host;
    private readonly int? _port;
    private readonly string _text;

    private PublicAddressPattern(string text, string? host, int? port)
    {
        _text = text;
        _host = host;
        _port = port;
    }

    /// <summary>Parses <c>tcp://host:port</c>; throws <see cref="ArgumentException"/> naming what is wrong.</summary>
    public static PublicAddressPattern Parse(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        var text = address.Trim();
        var colon = text.LastIndexOf(':');
        if (!text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || colon < Prefix.Length)
        {
            throw new ArgumentException($"'{address}' is not a public address: use tcp://host:port, with * for any host or port.", nameof(address));
        }

        var host = text[Prefix.Length..colon].Trim('[', ']');
        var port = text[(colon + 1)..];
        if (host.Length == 0 || host.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{address}' has no valid host: use an IP address, a DNS name or *.", nameof(address));
        }

        int? portNumber = null;
        if (port != Any)
        {
            if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed is < 1 or > IPEndPoint.MaxPort)
            {
                throw new ArgumentException($"'{address}' has no valid port: use 1..65535 or *.", nameof(address));
            }

            portNumber = parsed;
        }

        return new PublicAddressPattern(text, host == Any ? null : host, portNumber);
    }

    /// <summary>Whether a client that looked up <paramref name="endpoint"/> may have reached this silo through this address.</summary>
    public async ValueTask<bool> MatchesAsync(IPEndPoint endpoint, CancellationToken cancellationToken = default)
    {
        if (_port is { } port && port != endpoint.Port)
        {
            return false;
        }

        if (_host is null)
        {
            return true;
        }

        if (IPAddress.TryParse(_host, out var ip))
        {
            return Same(ip, endpoint.Address);
        }

        // Clients resolve names before they look an address up, so a name matches the addresses it resolves to here.
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(_host, cancellationToken).ConfigureAwait(false);
            return Array.Exists(addresses, a => Same(a, endpoint.Address));
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public override string ToString() => _text;

    private static bool Same(IPAddress a, IPAddress b) =>
        (a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).Equals(b.IsIPv4MappedToIPv6 ? b.MapToIPv4() : b);
}
