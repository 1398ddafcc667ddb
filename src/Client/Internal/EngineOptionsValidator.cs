using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;

namespace MochiOrleans.Internal;

/// <summary>
/// Refuses <see cref="EngineOptions"/> an engine cannot run with — a zero or negative timeout, limit or port — before
/// anything listens or connects. One check for every path: <c>ValidateOnStart</c> of the silo and client builders'
/// <c>AddMochi</c>, <c>Engine.StartAsync</c> in both modes, and the silo host's configuration check. Every failure names
/// its configuration key (<c>Mochi:Property</c>), the same scheme as the TLS checks, so that an operator knows what to
/// fix whether the value came from configuration or code.
/// </summary>
internal sealed class EngineOptionsValidator : IValidateOptions<EngineOptions>
{
    public ValidateOptionsResult Validate(string? name, EngineOptions options)
    {
        var failures = Failures(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Every problem of <paramref name="options"/>, each naming its key; empty if they are usable.</summary>
    /// <param name="options">The engine's options.</param>
    public static IReadOnlyList<string> Failures(EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.SiloPort is < 0 or > IPEndPoint.MaxPort)
        {
            failures.Add($"{Key(nameof(EngineOptions.SiloPort))}: {Text(options.SiloPort)} is not a port (1..{IPEndPoint.MaxPort}, or 0 for a free one).");
        }

        if (options.BulkChannelPort is < 0 or > IPEndPoint.MaxPort)
        {
            failures.Add($"{Key(nameof(EngineOptions.BulkChannelPort))}: {Text(options.BulkChannelPort)} is not a port (1..{IPEndPoint.MaxPort}, or 0 for a free one).");
        }

        if (options.BulkChannelPort != 0 && options.BulkChannelPort == options.SiloPort)
        {
            failures.Add($"{Key(nameof(EngineOptions.BulkChannelPort))}: {Text(options.BulkChannelPort)} is also {Key(nameof(EngineOptions.SiloPort))}; the data listener needs a port of its own.");
        }

        if (options.DefaultTimeout is { } timeout && timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            failures.Add($"{Key(nameof(EngineOptions.DefaultTimeout))}: {timeout} is not a timeout; it must be positive (or {Timeout.InfiniteTimeSpan} for none, or unset for Orleans' response timeout).");
        }

        Positive(failures, nameof(EngineOptions.ConnectTimeout), options.ConnectTimeout);
        Positive(failures, nameof(EngineOptions.FinalizeCallbackTimeout), options.FinalizeCallbackTimeout);
        if (options.MaxPayloadBytes is <= 0 or > ValueLimits.HighestMaxPayloadBytes)
        {
            failures.Add($"{Key(nameof(EngineOptions.MaxPayloadBytes))}: {Text(options.MaxPayloadBytes)} is not between 1 and {Text(ValueLimits.HighestMaxPayloadBytes)} bytes.");
        }

        if (options.MaxNestingDepth is <= 0 or > ValueLimits.HighestMaxNestingDepth)
        {
            failures.Add($"{Key(nameof(EngineOptions.MaxNestingDepth))}: {Text(options.MaxNestingDepth)} is not between 1 and {Text(ValueLimits.HighestMaxNestingDepth)}.");
        }

        GatewayFailures(failures, options);
        foreach (var (setting, value) in new[] { (nameof(EngineOptions.ClusterId), options.ClusterId), (nameof(EngineOptions.ServiceId), options.ServiceId) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                failures.Add($"{Key(setting)} must not be empty.");
            }
        }

        return failures;
    }

    /// <summary>
    /// The gRPC gateway's port and address; its port must differ from the silo port (the Orleans gateway port of a
    /// server engine comes from its address, and the silo host's from <c>Orleans:Endpoints</c>: each checks those).
    /// </summary>
    private static void GatewayFailures(List<string> failures, EngineOptions options)
    {
        var gateway = options.Gateway;
        var port = Key($"{nameof(EngineOptions.Gateway)}:{nameof(GrpcGatewayOptions.Port)}");
        if (gateway.Port is { } value)
        {
            if (value is <= 0 or > IPEndPoint.MaxPort)
            {
                failures.Add($"{port}: {Text(value)} is not a port (1..{IPEndPoint.MaxPort}, or unset for no gateway).");
            }
            else if (value == options.SiloPort)
            {
                failures.Add($"{port} and {Key(nameof(EngineOptions.SiloPort))} are both {Text(value)}; each needs its own port.");
            }
            else if (value == options.BulkChannelPort)
            {
                failures.Add($"{port} and {Key(nameof(EngineOptions.BulkChannelPort))} are both {Text(value)}; each needs its own port.");
            }
        }

        if (!IPAddress.TryParse(gateway.ListenAddress, out _))
        {
            failures.Add($"{Key($"{nameof(EngineOptions.Gateway)}:{nameof(GrpcGatewayOptions.ListenAddress)}")}: '{gateway.ListenAddress}' is not an IP address.");
        }
    }

    /// <summary>Throws <see cref="MargoErrorCode.InvalidArgument"/> listing every problem, for <c>Engine.StartAsync</c>.</summary>
    /// <exception cref="MargoException">The options are not usable.</exception>
    public static void ThrowIfInvalid(EngineOptions options)
    {
        var failures = Failures(options);
        if (failures.Count > 0)
        {
            throw new MargoException(MargoErrorCode.InvalidArgument, "Invalid engine options: " + string.Join(" ", failures));
        }
    }

    private static void Positive(List<string> failures, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{Key(setting)}: {value} is not a timeout; it must be positive.");
        }
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Key(string setting) => $"{EngineOptions.SectionName}:{setting}";
}
