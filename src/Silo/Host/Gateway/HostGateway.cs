using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using MochiOrleans.Gateway;
using MochiOrleans.Internal.Hosting;

namespace MochiOrleans.Silo.Host.Gateway;

/// <summary>
/// The silo host's gRPC gateway (docs/python.md): off unless <c>Mochi:Host:Gateway:Port</c> is set, then served on
/// that port of <c>Mochi:Host:Gateway:ListenAddress</c> (127.0.0.1 unless configured).
/// </summary>
internal static partial class HostGateway
{
    /// <summary>The gateway's key under <c>Mochi:Host</c>.</summary>
    public const string Key = "Gateway";

    /// <summary>Reads and checks the gateway settings and, when a port is set, adds the gateway and its listener.</summary>
    /// <returns>The settings of the gateway served, or <see langword="null"/> when none is.</returns>
    /// <exception cref="OptionsValidationException">A setting is invalid, or the port is in use.</exception>
    public static MochiGatewayOptions? AddHostGateway(this WebApplicationBuilder builder)
    {
        MochiGatewayOptions options;
        try
        {
            options = builder.Configuration.GetSection(MochiGatewayOptions.SectionName).Get<MochiGatewayOptions>(o => o.ErrorOnUnknownConfiguration = true)
                ?? new MochiGatewayOptions();
        }
        catch (InvalidOperationException exception)
        {
            throw new OptionsValidationException(MochiGatewayOptions.SectionName, typeof(MochiGatewayOptions), [$"{MochiGatewayOptions.SectionName}: {exception.Message}"]);
        }

        if (options.Port is not { } port)
        {
            return null;
        }

        var failures = new List<string>();
        if (port is <= 0 or > IPEndPoint.MaxPort)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{MochiGatewayOptions.SectionName}:Port must be 1..{IPEndPoint.MaxPort}, not {port}."));
        }

        if (!IPAddress.TryParse(options.ListenAddress, out var ip))
        {
            failures.Add($"{MochiGatewayOptions.SectionName}:ListenAddress must be an IP address, not '{options.ListenAddress}'.");
        }

        if (failures.Count == 0)
        {
            try
            {
                ListenEndpointCheck.ThrowIfInUse(new IPEndPoint(ip!, port), "Gateway:Port");
            }
            catch (MargoException exception)
            {
                failures.Add($"{MochiGatewayOptions.SectionName}:Port: {exception.Message}");
            }
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(MochiGatewayOptions.SectionName, typeof(MochiGatewayOptions), failures);
        }

        builder.Services.AddMochiGateway();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenMochiGateway(new IPEndPoint(ip!, port)));
        return options;
    }

    /// <summary>Maps the gateway's service when <paramref name="options"/> says one is served.</summary>
    public static void MapHostGateway(this WebApplication app, MochiGatewayOptions? options)
    {
        if (options?.Port is not { } port)
        {
            return;
        }

        app.MapMochiGateway(port);
        app.Lifetime.ApplicationStarted.Register(() => LogGateway(app.Logger, options.ListenAddress, port));
    }

    [LoggerMessage(EventId = 8100, Level = LogLevel.Information, Message = "Mochi gateway (gRPC) listening on {ListenAddress}:{Port}.")]
    private static partial void LogGateway(ILogger logger, string listenAddress, int port);
}
