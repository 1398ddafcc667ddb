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

        // Only the freshly packed package, never a registry's or a cache's copy of the same id.
        var feed = await LocalPackageFeed.PackAsync(Path.Combine(_directory, "packages"), ["src/Client/Cli"]);
        var config = Path.Combine(_directory, "nuget.config");
        await feed.WriteConfigAsync(config);
        await DotnetCli.RunCheckedAsync("tool", "install", "--tool-path", Path.Combine(_directory, "tool"), "--configfile", config, "MochiOrleans.Cli");

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
}

/// <summary>Tests that share one installed <c>mochi</c> tool (<see cref="InstalledCli"/>).</summary>
[CollectionDefinition(Name)]
public sealed class InstalledCliCollection : ICollectionFixture<InstalledCli>
{
    public const string Name = "installed cli";
}
