using System.CommandLine;
using MochiOrleans.Cli.Commands;

namespace MochiOrleans.Cli;

/// <summary>The <c>mochi</c> command tree: its commands, the options they share, and how a command line is run.</summary>
internal sealed class MochiCommandLine
{
    private readonly GlobalOptions _global = new();

    public MochiCommandLine()
    {
        Root = new RootCommand("mochi: call RPCs on MochiOrleans engines, list what a cluster serves, stop a provider or an engine.");
        _global.AddTo(Root);
        Root.Subcommands.Add(new CallCommand(_global));
        Root.Subcommands.Add(new ListCommand(_global));
        Root.Subcommands.Add(new ShutdownCommand(_global));
        Root.Subcommands.Add(new StopProviderCommand(_global));
    }

    public RootCommand Root { get; }

    /// <summary>
    /// Runs a command line. A wrong one is reported (with a pointer to <c>--help</c>) before anything connects. The
    /// answer goes to <paramref name="output"/>; problems to <paramref name="error"/>; diagnostics (Orleans' own log
    /// included, through the logging <see cref="TargetSession"/> sets up) to stderr with <c>--verbose</c> only.
    /// </summary>
    public async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ParseResult parse;
        try
        {
            parse = Root.Parse(args);
        }
        catch (Exception exception)
        {
            // A parser failure is still the command line's fault: say so, without a stack trace.
            await error.WriteLineAsync($"mochi: {exception.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                await error.WriteLineAsync($"mochi: {problem.Message}").ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run 'mochi --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        try
        {
            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Unexpected: report what, never where (no stack trace).
            await error.WriteLineAsync($"mochi: {exception.GetType().Name}: {exception.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }
}
