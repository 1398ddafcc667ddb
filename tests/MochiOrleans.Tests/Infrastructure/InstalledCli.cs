using MochiOrleans.Tests.Providers;

namespace MochiOrleans.Tests.Infrastructure;

/// <summary>
/// The <c>mochi</c> tool as a user gets it — <c>dotnet pack</c> of src/Client/Cli, then <c>dotnet tool install
/// --tool-path</c> — done once for <see cref="InstalledCliCollection"/>, with a server engine to point it at.
/// </summary>
public sealed class InstalledCli : IAsyncLifetime
{
    /// <summary>The provider id of the <see cref="GreeterProvider"/> the server serves.</summary>
    public const ushort GreeterId = 4;

    /// <summary>The provider id of the <see cref="LifecycleProvider"/> the server serves (stopped by a test).</summary>
    public const ushort LifecycleId = 5;

    /// <summary>The provider id of the <see cref="ControlledProvider"/> the server serves (its handler never ends by itself).</summary>
    public const ushort ControlledId = 6;

    private static readonly TimeSpan ToolDeadline = TimeSpan.FromMinutes(5);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "mochi-cli-" + Guid.NewGuid().ToString("N"));

    /// <summary>The installed <c>mochi</c> executable.</summary>
    public string Executable => Path.Combine(_directory, "tool", "mochi");

    /// <summary>A server engine serving the three providers above, with remote provider control on.</summary>
    public Engine Server { get; private set; } = null!;

    /// <summary>What the <see cref="LifecycleProvider"/>'s hooks did.</summary>
    public LifecycleLog Log { get; } = new();

    /// <summary>Runs the installed <c>mochi</c> with <paramref name="args"/> and waits for it to exit.</summary>
    public async Task<CliRun> RunAsync(params string[] args)
    {
        await using var process = ChildProcess.StartProgram(Executable, args);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromMinutes(1));
        return new CliRun(exitCode, process.OutputLines, process.ErrorLines);
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var packages = Path.Combine(_directory, "packages");

        // The configuration the tests were built in is the one the CLI was built in (the test project references it).
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        await RunToolAsync("dotnet", "pack", Repository.PathOf("src/Client/Cli"), "--no-build", "-c", configuration, "-o", packages);

        // Only the freshly packed package, never a registry's or a cache's copy of the same id.
        var config = Path.Combine(_directory, "nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="packed" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        await RunToolAsync("dotnet", "tool", "install", "--tool-path", Path.Combine(_directory, "tool"), "--configfile", config, "MochiOrleans.Cli");

        Server = await Engine.StartAsync().WithDeadline();
        Server.RegisterProvider(new GreeterProvider("cli"), GreeterId);
        Server.RegisterProvider(new LifecycleProvider("cli", Log), LifecycleId);
        Server.RegisterProvider(new ControlledProvider(), ControlledId);
        Server.EnableRemoteProviderControl();
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (Server is not null)
            {
                await Server.DisposeAsync().WithDeadline();
            }
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static async Task RunToolAsync(string program, params string[] args)
    {
        await using var tool = ChildProcess.StartProgram(program, args, new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" });
        var exitCode = await tool.WaitForExitAsync(ToolDeadline);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited with {exitCode}:\n{tool.Log}");
        }
    }
}

/// <summary>Tests that share one installed <c>mochi</c> tool (<see cref="InstalledCli"/>).</summary>
[CollectionDefinition(Name)]
public sealed class InstalledCliCollection : ICollectionFixture<InstalledCli>
{
    public const string Name = "installed cli";
}
