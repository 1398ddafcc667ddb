using MochiOrleans.Tests.Infrastructure;

namespace MochiOrleans.Tests;

/// <summary>The tutorial's two programs as separate processes, as a user runs them.</summary>
public class SampleProgramTests
{
    private const string Server = "samples/HelloProvider/Server";
    private const string Client = "samples/HelloProvider/Client";

    [Fact]
    public async Task The_sample_client_gets_its_answer_and_shuts_the_sample_server_down_both_exiting_0()
    {
        await using var server = ChildProcess.Start(Server);
        var address = (await server.WaitForLineAsync("Service running at ")).Split("Service running at ")[1].Trim();

        await using var client = ChildProcess.Start(Client, address);
        var clientExit = await client.WaitForExitAsync();
        var serverExit = await server.WaitForExitAsync();

        Assert.True(clientExit == 0, string.Join('\n', client.Lines));
        Assert.True(serverExit == 0, string.Join('\n', server.Lines));
        Assert.Contains("Good bye Matthieu", client.Lines);
        Assert.Contains("Hello Matthieu Dorier!", server.Lines);
        AssertPrefinalizeBeforeFinalize(server.Lines);
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task A_signal_to_the_waiting_sample_server_finalizes_it_and_it_exits_0(string signal)
    {
        await using var server = ChildProcess.Start(Server);
        await server.WaitForLineAsync("Service running at ");

        await server.SignalAsync(signal);
        var exit = await server.WaitForExitAsync();

        Assert.True(exit == 0, string.Join('\n', server.Lines));
        AssertPrefinalizeBeforeFinalize(server.Lines);
    }

    private static void AssertPrefinalizeBeforeFinalize(IReadOnlyList<string> lines)
    {
        var lineList = lines.ToList();
        var prefinalize = lineList.IndexOf("Called right before the engine finalizes");
        var finalize = lineList.IndexOf("Called when the engine finalizes");
        Assert.True(prefinalize >= 0 && finalize > prefinalize, string.Join('\n', lines));
    }
}
