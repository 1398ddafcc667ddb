using MochiOrleans.Silo.Host.Configuration;
using MochiOrleans.Silo.Host.Health;

namespace MochiOrleans.Silo.Host;

/// <summary>Builds the silo host application: configuration, validation, the silo, and its health endpoints.</summary>
internal static partial class SiloHost
{
    /// <summary>The exit code of a host that refused its configuration.</summary>
    public const int InvalidConfigurationExitCode = 2;

    /// <summary>Builds the application; nothing listens until it runs.</summary>
    /// <param name="args">Command-line arguments (configuration overrides such as <c>--Mochi:Host:GatewayPort=30001</c>).</param>
    /// <param name="environment">Reads environment variables; the process environment if <see langword="null"/>.</param>
    /// <param name="configure">Adds configuration sources after the standard ones (tests).</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The configuration is invalid.</exception>
    public static WebApplication Build(string[] args, Func<string, string?>? environment = null, Action<IConfigurationBuilder>? configure = null)
    {
        environment ??= Environment.GetEnvironmentVariable;

        // appsettings.json sits next to the assembly, wherever the process was started from.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddEnvironmentAliases(environment);
        configure?.Invoke(builder.Configuration);
        var settings = SiloHostSettings.Load(builder.Configuration, environment);

        // Set explicitly so that a deployment can keep terminationGracePeriodSeconds above it.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.Options.ShutdownTimeout);
        builder.Services.AddSingleton(settings);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(settings.ListenIP, settings.Options.HealthPort));
        builder.Services.AddSiloHealthChecks();
        builder.UseOrleans(silo => silo.UseHostSettings(settings));

        var app = builder.Build();
        app.MapSiloHealthChecks();
        app.Lifetime.ApplicationStarted.Register(() => LogServing(
            app.Logger, settings.EngineAddress, settings.Options.ClusterId, settings.Options.Clustering, settings.Providers.Count, settings.Options.HealthPort));
        return app;
    }

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Silo serving engine {Address} (cluster {ClusterId}, {Clustering} clustering, {ProviderCount} configured providers); health on port {HealthPort}.")]
    private static partial void LogServing(ILogger logger, string address, string clusterId, ClusteringKind clustering, int providerCount, int healthPort);
}
