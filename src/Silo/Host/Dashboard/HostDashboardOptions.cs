namespace MochiOrleans.Silo.Host.Dashboard;

/// <summary>
/// The opt-in operator dashboard (<c>Mochi:Host:Dashboard</c>): the Orleans Dashboard at <c>/</c> and the MochiOrleans
/// per-RPC page at <see cref="HostDashboard.RpcPagePath"/>, on a listener of their own.
/// </summary>
internal sealed class HostDashboardOptions
{
    /// <summary>The subsection of <c>Mochi:Host</c> these options are bound from.</summary>
    public const string Key = "Dashboard";

    /// <summary>The full configuration section.</summary>
    public const string SectionName = "Mochi:Host:" + Key;

    /// <summary>Serve the dashboard. Off by default: it has no authentication of its own.</summary>
    public bool Enabled { get; set; }

    /// <summary>The dashboard's port. Default 8081.</summary>
    public int Port { get; set; } = 8081;

    /// <summary>
    /// The address the dashboard listens on. Default 127.0.0.1, so that only someone on the machine (or with
    /// <c>kubectl port-forward</c>) can look; anything else exposes grain state and the silo's log stream unauthenticated.
    /// </summary>
    public string ListenAddress { get; set; } = "127.0.0.1";
}
