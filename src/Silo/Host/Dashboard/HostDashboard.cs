using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MochiOrleans.Internal.Hosting;
using MochiOrleans.Silo.Host.Configuration;
using Orleans.Dashboard;

namespace MochiOrleans.Silo.Host.Dashboard;

/// <summary>
/// The opt-in operator dashboard on its own listener (<c>Mochi:Host:Dashboard</c>): the Orleans Dashboard at <c>/</c>
/// (grains, silos, Orleans' own counters) and, beside it at <see cref="RpcPagePath"/>, the MochiOrleans per-RPC page
/// (calls, failures by Margo error code and durations per RPC name), which the Orleans Dashboard cannot show: every
/// MochiOrleans call is one <c>ProviderGrain.InvokeAsync</c> there, and a failed call is a successful grain call.
/// </summary>
internal static partial class HostDashboard
{
    /// <summary>The path of the per-RPC page.</summary>
    public const string RpcPagePath = "/mochi";

    /// <summary>Reads and checks <c>Mochi:Host:Dashboard</c> and, if it is enabled, adds its listener and services.</summary>
    /// <exception cref="OptionsValidationException">A setting is invalid or the port is in use; the message names the key.</exception>
    public static HostDashboardOptions AddHostDashboard(this WebApplicationBuilder builder, SiloHostSettings settings)
    {
        var options = new HostDashboardOptions();
        var failures = new List<string>();
        try
        {
            builder.Configuration.GetSection(HostDashboardOptions.SectionName).Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException exception)
        {
            failures.Add($"{HostDashboardOptions.SectionName}: {exception.Message}");
        }

        if (failures.Count == 0)
        {
            var result = new HostDashboardOptionsValidator(settings).Validate(Options.DefaultName, options);
            failures.AddRange(result.Failures ?? []);
        }

        if (failures.Count == 0 && options.Enabled)
        {
            try
            {
                ListenEndpointCheck.ThrowIfInUse(Endpoint(options), "dashboard");
            }
            catch (MargoException exception)
            {
                failures.Add($"{HostDashboardOptionsValidator.Describe(nameof(HostDashboardOptions.Port))}: {exception.Message}");
            }
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(HostDashboardOptions.SectionName, typeof(HostDashboardOptions), failures);
        }

        if (options.Enabled)
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(Endpoint(options)));
            builder.Services.TryAddSingleton(TimeProvider.System);
            builder.Services.AddSingleton<RpcStatistics>();
            builder.Services.AddHostedService(services => services.GetRequiredService<RpcStatistics>());
        }

        return options;
    }

    /// <summary>Adds the Orleans Dashboard's silo services (its grains, grain service and call profiler) if it is enabled.</summary>
    public static ISiloBuilder UseHostDashboard(this ISiloBuilder silo, HostDashboardOptions options) =>
        options.Enabled ? silo.AddDashboard() : silo;

    /// <summary>
    /// Maps the Orleans Dashboard and the per-RPC page if enabled. They answer on the dashboard's listener only: the
    /// health port may listen on every address of a pod, and the dashboard has no authentication.
    /// </summary>
    public static IEndpointRouteBuilder MapHostDashboard(this IEndpointRouteBuilder endpoints, HostDashboardOptions options, string engineAddress)
    {
        if (!options.Enabled)
        {
            return endpoints;
        }

        // By the port the connection arrived on, not by the Host header, which a caller chooses.
        var dashboard = endpoints.MapGroup(string.Empty)
            .AddEndpointFilter((context, next) => context.HttpContext.Connection.LocalPort == options.Port
                ? next(context)
                : ValueTask.FromResult<object?>(Results.NotFound()));
        dashboard.MapOrleansDashboard();
        dashboard.MapGet(RpcPagePath, (RpcStatistics statistics, TimeProvider time) => Results.Content(
            RpcPage.Render(statistics.Snapshot(), engineAddress, statistics.Since, time.GetUtcNow()), "text/html; charset=utf-8"));

        var logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HostDashboard).FullName!);
        endpoints.ServiceProvider.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() =>
        {
            var url = $"http://{Endpoint(options)}";
            LogServing(logger, url + "/", url + RpcPagePath);
            if (!IPAddress.IsLoopback(IPAddress.Parse(options.ListenAddress)))
            {
                LogExposed(logger, options.ListenAddress);
            }
        });
        return endpoints;
    }

    private static IPEndPoint Endpoint(HostDashboardOptions options) => new(IPAddress.Parse(options.ListenAddress), options.Port);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Dashboard enabled: Orleans Dashboard at {DashboardUrl}, MochiOrleans RPCs at {RpcPageUrl}.")]
    private static partial void LogServing(ILogger logger, string dashboardUrl, string rpcPageUrl);

    [LoggerMessage(
        EventId = 2,
        Level = LogLevel.Warning,
        Message = "The dashboard listens on {ListenAddress}, not only on loopback: it has no authentication, and shows grain state and the silo's log stream to anyone who reaches it.")]
    private static partial void LogExposed(ILogger logger, string listenAddress);
}
