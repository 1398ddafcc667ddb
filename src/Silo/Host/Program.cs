// The MochiOrleans silo host: configuration in, a silo serving the configured providers out (see docs/deploy.md).
using Microsoft.Extensions.Options;
using MochiOrleans.Silo.Host;

WebApplication app;
try
{
    app = SiloHost.Build(args);
}
catch (OptionsValidationException exception)
{
    // Fail fast, before anything listens: every message names the configuration key (and variable) at fault.
    await Console.Error.WriteLineAsync("Invalid MochiOrleans silo configuration:");
    foreach (var failure in exception.Failures)
    {
        await Console.Error.WriteLineAsync("  - " + failure);
    }

    return SiloHost.InvalidConfigurationExitCode;
}

await app.RunAsync();
return 0;
