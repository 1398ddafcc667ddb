using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using MochiOrleans;

namespace ClusterProviders;

/// <summary>
/// A provider meant to be hosted as an instance provider: it lives in one silo process, takes its settings from the
/// provider's <c>Config</c> section, and reports its finalize hooks, so that a caller can see what happens to it
/// when its silo stops or dies.
/// </summary>
[Provider("node")]
public sealed partial class NodeProvider
{
    private readonly string _label;
    private readonly ILogger _logger;

    /// <summary>Creates the provider.</summary>
    /// <param name="configuration">The provider's <c>Config</c> section; <c>Label</c> names this node.</param>
    /// <param name="logger">Where the hooks report.</param>
    public NodeProvider(IConfiguration configuration, ILogger<NodeProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _label = configuration["Label"] is { Length: > 0 } label ? label : "node";
        _logger = logger;
    }

    /// <summary>Served as <c>node_describe</c>: this node's label and process id.</summary>
    /// <returns><c>label@pid</c>.</returns>
    [Remote]
    public string Describe() => $"{_label}@{Environment.ProcessId}";

    /// <summary>Runs while RPCs still flow, before the silo stops.</summary>
    [OnPrefinalize]
    public void BeforeFinalize() => LogPrefinalized(_logger, _label);

    /// <summary>Runs when the silo stops.</summary>
    [OnFinalize]
    public void AtFinalize() => LogFinalized(_logger, _label);

    [LoggerMessage(Level = LogLevel.Information, Message = "Provider node {Label} prefinalized.")]
    private static partial void LogPrefinalized(ILogger logger, string label);

    [LoggerMessage(Level = LogLevel.Information, Message = "Provider node {Label} finalized.")]
    private static partial void LogFinalized(ILogger logger, string label);
}
