using System.Net;
using Microsoft.Extensions.Options;
using MochiOrleans.Silo.Host.Configuration;

namespace MochiOrleans.Silo.Host.Dashboard;

/// <summary>
/// Checks <see cref="HostDashboardOptions"/> before anything listens, as <see cref="SiloHostOptionsValidator"/> checks the
/// rest of <c>Mochi:Host</c>: every failure names its key and environment variable.
/// </summary>
/// <param name="host">The host's validated settings, whose ports the dashboard must not take.</param>
internal sealed class HostDashboardOptionsValidator(SiloHostSettings host) : IValidateOptions<HostDashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, HostDashboardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            // Settings of a dashboard that is off may sit in a shared ConfigMap: nothing listens, so nothing to check.
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (options.Port is < 1 or > IPEndPoint.MaxPort)
        {
            failures.Add($"{Describe(nameof(HostDashboardOptions.Port))}: {options.Port} is not a port (1..{IPEndPoint.MaxPort}).");
        }
        else
        {
            foreach (var (key, port) in new[]
            {
                (OrleansSection.SiloPort, host.SiloPort),
                (OrleansSection.GatewayPort, host.GatewayPort),
                (ConfigurationKey.Host(nameof(SiloHostOptions.HealthPort)), host.Options.HealthPort),
            })
            {
                if (port == options.Port)
                {
                    failures.Add(
                        $"{HostDashboardOptions.SectionName}:{nameof(HostDashboardOptions.Port)} and {key} " +
                        $"are both {port}; the dashboard needs a port of its own.");
                }
            }
        }

        if (!IPAddress.TryParse(options.ListenAddress, out _))
        {
            failures.Add($"{Describe(nameof(HostDashboardOptions.ListenAddress))}: '{options.ListenAddress}' is not an IP address.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Names a setting the way an operator sets it: its key and its environment variable.</summary>
    public static string Describe(string setting) =>
        ConfigurationKey.Describe(HostDashboardOptions.SectionName + ":" + setting);
}
