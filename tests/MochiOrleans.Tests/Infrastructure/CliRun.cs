namespace MochiOrleans.Tests.Infrastructure;

/// <summary>One finished run of the installed <c>mochi</c>: its exit code and what it printed where.</summary>
/// <param name="ExitCode">The process's exit code.</param>
/// <param name="Output">The lines of its standard output.</param>
/// <param name="Error">The lines of its standard error.</param>
public sealed record CliRun(int ExitCode, IReadOnlyList<string> Output, IReadOnlyList<string> Error)
{
    /// <summary>Both streams, for assertions about anything printed and for failure messages.</summary>
    public IEnumerable<string> Lines => Output.Concat(Error);

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{string.Join('\n', Output)}\nstderr:\n{string.Join('\n', Error)}";
}
