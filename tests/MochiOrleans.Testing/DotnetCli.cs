namespace MochiOrleans.Testing;

/// <summary>
/// The <c>dotnet</c> command (pack, build, tool install) run as a separate process the way a user runs it, with a
/// deadline long enough for a restore and build on a busy machine.
/// </summary>
/// <remarks>
/// No MSBuild node or compiler server outlives a command: tests must not leave processes running.
/// </remarks>
public static class DotnetCli
{
    /// <summary>How long one command may take: a restore and a build on a shared machine.</summary>
    public static readonly TimeSpan CommandDeadline = TimeSpan.FromMinutes(8);

    private static readonly Dictionary<string, string> Environment = new()
    {
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        ["UseSharedCompilation"] = "false",
    };

    /// <summary>Runs <c>dotnet</c> with <paramref name="args"/> and returns its exit code and everything it printed.</summary>
    public static async Task<DotnetRun> RunAsync(params string[] args)
    {
        await using var process = ChildProcess.StartProgram("dotnet", args, Environment);
        var exitCode = await process.WaitForExitAsync(CommandDeadline);
        return new DotnetRun(args, exitCode, process.Log);
    }

    /// <summary>Runs <c>dotnet</c> with <paramref name="args"/> and returns what it printed.</summary>
    /// <exception cref="InvalidOperationException">It exited with another code than 0; the message has its output.</exception>
    public static async Task<string> RunCheckedAsync(params string[] args)
    {
        var run = await RunAsync(args);
        return run.ExitCode == 0
            ? run.Log
            : throw new InvalidOperationException($"dotnet {string.Join(' ', args)} exited with {run.ExitCode}:\n{run.Log}");
    }
}
