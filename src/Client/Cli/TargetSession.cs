using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace MochiOrleans.Cli;

/// <summary>
/// One command's work against the engine at an address: a client engine is started, the address looked up, the work
/// run, and every failure turned into an exit code and one line on stderr — never a stack trace.
/// </summary>
internal static class TargetSession
{
    public static async Task<int> RunAsync(
        ParseResult parse, GlobalOptions global, string address, Func<Engine, Address, TextWriter, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        var verbose = parse.GetValue(global.Verbose);
        var timeout = global.TimeoutOf(parse);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // The engine logs nowhere unless given a factory: the CLI picks its own, stderr only and only when asked, so that
        // stdout holds the answer alone.
        using var logging = verbose ? CreateVerboseLogging() : null;
        try
        {
            // --timeout bounds connecting (the engine's ConnectTimeout), then the work: a call reports its own Timeout,
            // and the deadline bounds what has no timeout of its own (a listing, a shutdown, a deregistration).
            Engine started;
            try
            {
                started = await Engine.StartAsync("tcp", EngineMode.Client, global.EngineOptions(parse), logging, cancellationToken).ConfigureAwait(false);
            }
            catch (MargoException exception) when (exception.Code == MargoErrorCode.InvalidArgument)
            {
                // Unusable settings (a TLS file that does not load) are a usage problem, each named in the message.
                await error.WriteLineAsync($"mochi: {exception.Message}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            await using var engine = started;
            if (verbose)
            {
                await error.WriteLineAsync($"mochi: looking up {address}").ConfigureAwait(false);
            }

            var target = await engine.LookupAsync(address, cancellationToken).ConfigureAwait(false);
            if (timeout is { } limit)
            {
                deadline.CancelAfter(limit);
            }

            await work(engine, target, output, deadline.Token).ConfigureAwait(false);
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        catch (Exception exception) when (
            exception is (OperationCanceledException or MargoException { Code: MargoErrorCode.Canceled })
            && deadline.IsCancellationRequested
            && !cancellationToken.IsCancellationRequested)
        {
            // Our own --timeout deadline, not the user's Ctrl-C.
            await error.WriteLineAsync($"{MargoErrorCode.Timeout}: no answer from {address} within the timeout.").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (MargoException exception)
        {
            await error.WriteLineAsync($"{exception.Code}: {exception.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync($"{MargoErrorCode.Canceled}: interrupted.").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException)
        {
            await error.WriteLineAsync($"mochi: the answer cannot be printed as JSON: {exception.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }

    private static ILoggerFactory CreateVerboseLogging() => LoggerFactory.Create(logging => logging
        .SetMinimumLevel(LogLevel.Information)
        .AddSimpleConsole(console => console.SingleLine = true)
        .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
}
