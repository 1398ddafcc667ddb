using System.Net;
using Microsoft.Extensions.Options;
using MochiOrleans.Internal.Hosting;
using MochiOrleans.Silo.Host.Configuration;
using MochiOrleans.Silo.Host.Dashboard;
using MochiOrleans.Silo.Host.Gateway;
using MochiOrleans.Silo.Host.Health;
using MochiOrleans.Silo.Host.Telemetry;

namespace MochiOrleans.Silo.Host;

/// <summary>Builds the silo host application: configuration, validation, the silo, and its health endpoints.</summary>
internal static partial class SiloHost
{
    /// <summary>The exit code of a host that refused its configuration.</summary>
    public const int InvalidConfigurationExitCode = 2;

    /// <summary>Builds the application; nothing listens until it runs.</summary>
    /// <param name="args">Command-line arguments (configuration overrides such as <c>--Orleans:Endpoints:GatewayPort=30001</c>).</param>
    /// <param name="environment">Reads environment variables; the process environment if <see langword="null"/>.</param>
    /// <param name="configure">Adds configuration sources after the standard ones (tests).</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The configuration is invalid, or a port it names is in use.</exception>
    public static WebApplication Build(string[] args, Func<string, string?>? environment = null, Action<IConfigurationBuilder>? configure = null)
    {
        environment ??= Environment.GetEnvironmentVariable;

        // appsettings.json sits next to the assembly, wherever the process was started from.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddOrleansDefaults();
        configure?.Invoke(builder.Configuration);
        var settings = SiloHostSettings.Load(builder.Configuration, environment);
        ThrowIfPortsInUse(settings);

        // Set explicitly so that a deployment can keep terminationGracePeriodSeconds above it.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.Options.ShutdownTimeout);
        builder.Services.AddSingleton(settings);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(settings.ListenIP, settings.Options.HealthPort));
        builder.Services.AddSiloHealthChecks();
        var telemetry = builder.AddHostTelemetry(settings.EngineAddress);
        var dashboard = builder.AddHostDashboard(settings);
        builder.UseOrleans(silo => silo.UseHostSettings(settings).UseHostDashboard(dashboard));
        var gateway = builder.AddHostGateway(settings.Gateway);

        var app = builder.Build();
        app.MapSiloHealthChecks();
        app.MapHostTelemetry(telemetry);
        app.MapHostDashboard(dashboard, settings.EngineAddress);
        app.MapHostGateway(gateway);
        app.Lifetime.ApplicationStarted.Register(() => LogServing(app, settings));
        return app;
    }

    /// <summary>
    /// Orleans listens with SO_REUSEPORT on Linux, so a second silo on a port in use would start and split the
    /// connections with the first: refuse it as a configuration error, naming the key.
    /// </summary>
    private static void ThrowIfPortsInUse(SiloHostSettings settings)
    {
        var failures = new List<string>();
        foreach (var (key, port) in new[]
        {
            (OrleansSection.SiloPort, settings.SiloPort),
            (OrleansSection.GatewayPort, settings.GatewayPort),
            (ConfigurationKey.Host(nameof(SiloHostOptions.HealthPort)), settings.Options.HealthPort),
        })
        {
            try
            {
                ListenEndpointCheck.ThrowIfInUse(new IPEndPoint(settings.ListenIP, port), key);
            }
            catch (MargoException exception)
            {
                failures.Add($"{ConfigurationKey.Describe(key)}: {exception.Message}");
            }
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(SiloHostOptions.SectionName, typeof(SiloHostOptions), failures);
        }
    }

    /// <summary>Says what serves, as Orleans settled it: the engine's address and the cluster id (a pod's may come from its environment).</summary>
    private static void LogServing(WebApplication app, SiloHostSettings settings)
    {
        if (app.Logger.IsEnabled(LogLevel.Information))
        {
            var address = app.Services.GetRequiredService<Engine>().Address.ToString();
            var clusterId = app.Services.GetRequiredService<IOptions<Orleans.Configuration.ClusterOptions>>().Value.ClusterId;
            LogServing(app.Logger, address, clusterId, settings.Clustering, settings.Providers.Count, settings.Options.HealthPort);
        }
    }

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Silo serving engine {Address} (cluster {ClusterId}, {Clustering} clustering, {ProviderCount} configured providers); health on port {HealthPort}.")]
    private static partial void LogServing(ILogger logger, string address, string clusterId, ClusteringKind clustering, int providerCount, int healthPort);
}
