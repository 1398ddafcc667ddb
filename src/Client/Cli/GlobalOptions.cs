using System.CommandLine;
using System.Globalization;

namespace MochiOrleans.Cli;

/// <summary>The options every command takes: how to reach the cluster, how long to wait, how much to say.</summary>
internal sealed class GlobalOptions
{
    // Far above any useful wait, and far below what TimeSpan and timers accept.
    private const double MaxTimeoutSeconds = 1_000_000;

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Write diagnostics (and Orleans' own log) to stderr.",
        Recursive = true,
    };

    public Option<double?> Timeout { get; } = new("--timeout")
    {
        Description = "Seconds to wait for the answer (and to connect); more than 0.",
        Recursive = true,
    };

    public Option<string> ClusterId { get; } = new("--cluster-id")
    {
        Description = "The Orleans cluster id of the target.",
        DefaultValueFactory = _ => new EngineOptions().ClusterId,
        Recursive = true,
    };

    public Option<string> ServiceId { get; } = new("--service-id")
    {
        Description = "The Orleans service id of the target.",
        DefaultValueFactory = _ => new EngineOptions().ServiceId,
        Recursive = true,
    };

    public Option<string?> TlsCa { get; } = new("--tls-ca")
    {
        Description = "PEM bundle of the CA the cluster's certificates chain to: connect over TLS (docs/security.md).",
        Recursive = true,
    };

    public Option<string?> TlsCertificate { get; } = new("--tls-cert")
    {
        Description = "PEM certificate to present, for a gateway that requires client certificates (mutual TLS).",
        Recursive = true,
    };

    public Option<string?> TlsKey { get; } = new("--tls-key")
    {
        Description = "PEM private key of --tls-cert, unless it follows the certificate in its file.",
        Recursive = true,
    };

    public GlobalOptions()
    {
        // A custom parser, not a validator: a validator also runs after a failed conversion ("--timeout abc"), and
        // reading the value there throws.
        Timeout.CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                && seconds > 0 && seconds <= MaxTimeoutSeconds)
            {
                return seconds;
            }

            result.AddError($"--timeout must be a number of seconds above 0 (at most {MaxTimeoutSeconds.ToString(CultureInfo.InvariantCulture)}), not '{text}'.");
            return null;
        };
    }

    public void AddTo(Command root)
    {
        root.Options.Add(Verbose);
        root.Options.Add(Timeout);
        root.Options.Add(ClusterId);
        root.Options.Add(ServiceId);
        root.Options.Add(TlsCa);
        root.Options.Add(TlsCertificate);
        root.Options.Add(TlsKey);
    }

    /// <summary>The client engine's settings for one invocation.</summary>
    public EngineOptions EngineOptions(ParseResult parse)
    {
        var options = new EngineOptions
        {
            ClusterId = parse.GetValue(ClusterId)!,
            ServiceId = parse.GetValue(ServiceId)!,
            TlsCaPath = parse.GetValue(TlsCa),
            TlsCertificatePath = parse.GetValue(TlsCertificate),
            TlsKeyPath = parse.GetValue(TlsKey),
        };
        if (TimeoutOf(parse) is { } timeout)
        {
            options.ConnectTimeout = timeout;
        }

        return options;
    }

    public TimeSpan? TimeoutOf(ParseResult parse) => parse.GetValue(Timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
}
