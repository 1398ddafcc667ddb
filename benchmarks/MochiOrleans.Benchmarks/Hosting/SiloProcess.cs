using System.Globalization;
using System.Reflection;
using MochiOrleans.Testing;

namespace MochiOrleans.Benchmarks.Hosting;

/// <summary>
/// This benchmark re-launched with <c>--serve</c>: the silo of the TCP runs lives in its own process, so the client's
/// calls cross a real loopback socket and the two sides do not share a runtime.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly ChildProcess _process;

    private SiloProcess(ChildProcess process, int gatewayPort, string engineAddress)
    {
        _process = process;
        GatewayPort = gatewayPort;
        EngineAddress = engineAddress;
    }

    public int GatewayPort { get; }

    /// <summary>The silo engine's address string, as it printed it.</summary>
    public string EngineAddress { get; }

    public int ProcessId => _process.Id;

    public static async Task<SiloProcess> StartAsync(BenchTls? tls = null, BenchCluster? cluster = null)
    {
        var process = ChildProcess.StartAssembly(
            Assembly.GetEntryAssembly()!.Location, [ServeCommand.Flag, .. tls?.ToArgs() ?? [], .. cluster?.ToArgs() ?? []], echo: Echo);
        try
        {
            var line = await process.WaitForLineAsync(ServeCommand.ReadyPrefix, StartTimeout).ConfigureAwait(false);
            var ready = line[(line.IndexOf(ServeCommand.ReadyPrefix, StringComparison.Ordinal) + ServeCommand.ReadyPrefix.Length)..].Split(' ');
            return new SiloProcess(process, int.Parse(ready[0], CultureInfo.InvariantCulture), ready[1]);
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Closing its input is the silo's signal to stop gracefully; a silo that does not is killed.
        await using (_process.ConfigureAwait(false))
        {
            await _process.StopAsync(StopTimeout).ConfigureAwait(false);
        }
    }

    // What the silo prints is shown as it comes, but for the ready line, which is read instead.
    private static void Echo(string line)
    {
        if (!line.StartsWith(ServeCommand.ReadyPrefix, StringComparison.Ordinal))
        {
            Console.Error.WriteLine("[silo] " + line);
        }
    }
}
