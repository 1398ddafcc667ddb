using MochiOrleans.Cli;
using MochiOrleans.Tests.Infrastructure;
using MochiOrleans.Tests.Providers;

namespace MochiOrleans.Tests;

/// <summary>The <c>mochi</c> command-line tool.</summary>
public class CliTests
{
    private const string Cli = "src/Client/Cli";

    [Fact]
    public void Words_become_positional_and_keyword_arguments_with_json_scalars_typed()
    {
        var (args, kwargs) = CliArguments.Parse(["Matthieu", "lastname=Dorier", "42", "5000000000", "3.5", "true", "\"7\"", "x=null", "a=b=c"]);

        Assert.Equal(new object?[] { "Matthieu", 42, 5_000_000_000L, 3.5, true, "7" }, args);
        Assert.Equal(new Dictionary<string, object?> { ["lastname"] = "Dorier", ["x"] = null, ["a"] = "b=c" }, kwargs);
    }

    [Fact]
    public async Task Mochi_call_prints_the_response_and_a_failed_call_exits_1_with_its_code()
    {
        await using var server = await Engine.StartAsync().WithDeadline();
        server.RegisterProvider(new GreeterProvider("cli"), providerId: 4);

        await using var call = ChildProcess.Start(Cli, "call", server.Address.ToString(), "greeter_concat", "--provider-id", "4", "a", "second=b");
        await using var missing = ChildProcess.Start(Cli, "call", server.Address.ToString(), "greeter_nothing", "--provider-id", "4");

        Assert.Equal(0, await call.WaitForExitAsync());
        Assert.Contains("ab", call.Lines);
        Assert.Equal(1, await missing.WaitForExitAsync());
        Assert.Contains(missing.Lines, l => l.StartsWith("NoEntry:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Mochi_shutdown_finalizes_an_engine_that_enabled_remote_shutdown()
    {
        await using var server = await Engine.StartAsync(options: new EngineOptions { EnableRemoteShutdown = true }).WithDeadline();

        await using var shutdown = ChildProcess.Start(Cli, "shutdown", server.Address.ToString());

        Assert.Equal(0, await shutdown.WaitForExitAsync());
        await server.WaitForFinalizeAsync().WithDeadline();
    }

    [Fact]
    public async Task Mochi_without_enough_words_prints_usage_and_exits_2()
    {
        await using var usage = ChildProcess.Start(Cli, "call");

        Assert.Equal(2, await usage.WaitForExitAsync());
        Assert.Contains(usage.Lines, l => l.Contains("usage: mochi call", StringComparison.Ordinal));
    }
}
