namespace MochiOrleans.Testing;

/// <summary>How one <see cref="DotnetCli"/> command ended.</summary>
/// <param name="Arguments">The command's arguments.</param>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="Log">Everything it printed, standard output and error interleaved.</param>
public sealed record DotnetRun(IReadOnlyList<string> Arguments, int ExitCode, string Log)
{
    /// <summary>The lines of <see cref="Log"/> that report an MSBuild or compiler error.</summary>
    public IReadOnlyList<string> ErrorLines =>
        [.. Log.Split('\n').Where(l => l.Contains(": error ", StringComparison.Ordinal)).Distinct()];
}
