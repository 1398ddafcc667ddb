using System.Text.Json;
using MochiOrleans.Cli;
using MochiOrleans.Tests.Infrastructure;

namespace MochiOrleans.Tests;

/// <summary>The <c>mochi</c> command as installed with <c>dotnet tool install</c>, run as a separate process.</summary>
[Collection(InstalledCliCollection.Name)]
public class CliTests(InstalledCli cli)
{
    // Nothing listens there: a command that tried to connect would fail with Unreachable (exit 1), not exit 2.
    private const string Nowhere = "tcp://127.0.0.1:1";

    private string Server => cli.Server.Address.ToString();

    [Fact]
    public void Words_become_positional_and_keyword_arguments_with_json_scalars_typed()
    {
        var (args, kwargs) = CliArguments.Parse(["Matthieu", "lastname=Dorier", "42", "5000000000", "3.5", "true", "\"7\"", "x=null", "a=b=c"]);

        Assert.Equal(new object?[] { "Matthieu", 42, 5_000_000_000L, 3.5, true, "7" }, args);
        Assert.Equal(new Dictionary<string, object?> { ["lastname"] = "Dorier", ["x"] = null, ["a"] = "b=c" }, kwargs);
    }

    [Fact]
    public async Task Help_names_every_command_and_version_prints_the_version_both_exiting_0()
    {
        var help = await cli.RunAsync("--help");
        var version = await cli.RunAsync("--version");

        Assert.Equal(0, help.ExitCode);
        foreach (var command in new[] { "call", "list", "shutdown", "stop-provider" })
        {
            Assert.Contains(help.Output, l => l.TrimStart().StartsWith(command + " ", StringComparison.Ordinal));
        }

        Assert.Equal(0, version.ExitCode);
        Assert.StartsWith("1.0.0", Assert.Single(version.Output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_prints_only_the_response_on_stdout_as_text_or_json()
    {
        var text = await cli.RunAsync("call", Server, "greeter_concat", "--provider-id", "4", "a", "second=b");
        var json = await cli.RunAsync("call", Server, "greeter_concat", "-p", "4", "a", "--json");
        var sum = await cli.RunAsync("call", Server, "greeter_add", "-p", "4", "x=2", "y=40", "--timeout", "20");

        Assert.True(text is { ExitCode: 0, Output: ["ab"], Error: [] }, text.ToString());
        Assert.True(json is { ExitCode: 0, Output: ["\"a!\""] }, json.ToString());
        Assert.True(sum is { ExitCode: 0, Output: ["42"] }, sum.ToString());
    }

    [Fact]
    public async Task List_prints_a_table_of_every_rpc_or_the_providers_as_json()
    {
        var table = await cli.RunAsync("list", Server);
        var json = await cli.RunAsync("list", Server, "--json");

        Assert.Equal(0, table.ExitCode);
        Assert.StartsWith("SERVICE", table.Output[0], StringComparison.Ordinal);
        Assert.Contains(table.Output, l => l.Contains("greeter_concat", StringComparison.Ordinal) && l.Contains("(string first, string second = ...) -> string", StringComparison.Ordinal));
        Assert.Equal(0, json.ExitCode);
        using var document = JsonDocument.Parse(string.Join('\n', json.Output));
        var greeter = document.RootElement.EnumerateArray().Single(p => p.GetProperty("serviceName").GetString() == "greeter");
        Assert.Equal((4, "instance", Server), (greeter.GetProperty("providerId").GetInt32(), greeter.GetProperty("kind").GetString(), greeter.GetProperty("location").GetString()));
        Assert.Contains(greeter.GetProperty("rpcs").EnumerateArray(), r => r.GetProperty("name").GetString() == "greeter_add");
    }

    [Theory]
    [InlineData("call", Nowhere, "greeter_add", "--provider-id", "70000")]
    [InlineData("call", Nowhere, "greeter_add", "--provider-id", "65535")]
    [InlineData("call", Nowhere, "greeter_add", "--timeout", "0")]
    [InlineData("call", Nowhere, "greeter_add", "--timeout", "soon")]
    [InlineData("frobnicate", Nowhere)]
    [InlineData("call", "not-an-address", "greeter_add")]
    [InlineData("call", Nowhere)]
    [InlineData("stop-provider", Nowhere, "greeter", "-1")]
    [InlineData]
    public async Task Bad_input_exits_2_before_connecting_with_a_message_and_no_stack_trace(params string[] args)
    {
        var run = await cli.RunAsync(args);

        Assert.True(run is { ExitCode: 2, Output: [] }, run.ToString());
        Assert.Contains(run.Error, l => l.StartsWith("mochi: ", StringComparison.Ordinal));
        Assert.DoesNotContain(run.Lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_call_exits_1_with_its_code_on_stderr_and_nothing_on_stdout()
    {
        var missing = await cli.RunAsync("call", Server, "greeter_nothing", "--provider-id", "4");
        var failing = await cli.RunAsync("call", Server, "greeter_fail", "-p", "4", "boom");
        var nowhere = await cli.RunAsync("call", Nowhere, "greeter_add", "--timeout", "2");
        var slow = await cli.RunAsync("call", Server, "controlled_wait_forever", "-p", "6", "--timeout", "5");

        Assert.True(missing is { ExitCode: 1, Output: [], Error: [var noEntry] } && noEntry.StartsWith("NoEntry: ", StringComparison.Ordinal), missing.ToString());
        Assert.True(failing is { ExitCode: 1, Output: [], Error: [var remote] } && remote.StartsWith("RemoteError: boom", StringComparison.Ordinal), failing.ToString());
        Assert.True(nowhere is { ExitCode: 1, Output: [], Error: [var unreachable] } && unreachable.StartsWith("Unreachable: ", StringComparison.Ordinal), nowhere.ToString());
        Assert.True(slow is { ExitCode: 1, Output: [], Error: [var timeout] } && timeout.StartsWith("Timeout: ", StringComparison.Ordinal), slow.ToString());
    }

    [Fact]
    public async Task Verbose_sends_diagnostics_to_stderr_and_keeps_stdout_for_the_answer()
    {
        var run = await cli.RunAsync("call", Server, "greeter_name", "-p", "4", "--verbose");

        Assert.True(run is { ExitCode: 0, Output: ["cli"] }, run.ToString());
        Assert.Contains(run.Error, l => l.Contains("looking up", StringComparison.Ordinal));

        // Orleans' own log, through the logging the CLI sets up for itself, not through a library's console logger.
        Assert.Contains(run.Error, l => l.Contains(": Orleans.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stop_provider_runs_the_providers_hooks_once_and_its_rpcs_then_give_NoEntry()
    {
        var stop = await cli.RunAsync("stop-provider", Server, "lifecycle", "5");
        var call = await cli.RunAsync("call", Server, "lifecycle_ping", "-p", "5");
        var again = await cli.RunAsync("stop-provider", Server, "lifecycle", "5");

        Assert.True(stop is { ExitCode: 0, Output: [] }, stop.ToString());
        Assert.Equal(["cli.prefinalize", "cli.finalize"], cli.Log.Entries);
        Assert.True(call is { ExitCode: 1, Error: [var gone] } && gone.StartsWith("NoEntry: ", StringComparison.Ordinal), call.ToString());
        Assert.True(again is { ExitCode: 1, Error: [var unknown] } && unknown.StartsWith("NoEntry: ", StringComparison.Ordinal), again.ToString());
    }

    [Fact]
    public async Task Shutdown_finalizes_an_engine_that_enabled_remote_shutdown_and_is_refused_with_Permission_otherwise()
    {
        var target = await Engine.StartAsync(options: new EngineOptions { EnableRemoteShutdown = true }).WithDeadline();
        await using var _ = target;

        var refused = await cli.RunAsync("shutdown", Server);
        var shutdown = await cli.RunAsync("shutdown", target.Address.ToString());

        Assert.True(refused is { ExitCode: 1, Error: [var permission] } && permission.StartsWith("Permission: ", StringComparison.Ordinal), refused.ToString());
        Assert.True(shutdown is { ExitCode: 0, Output: [], Error: [] }, shutdown.ToString());
        await target.WaitForFinalizeAsync().WithDeadline();
    }
}
