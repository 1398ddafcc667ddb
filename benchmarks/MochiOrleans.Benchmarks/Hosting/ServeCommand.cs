using System.Globalization;

namespace MochiOrleans.Benchmarks.Hosting;

/// <summary>
/// <c>--serve</c>: the separate silo process of the TCP runs. It prints one ready line with its gateway port and engine address, then
/// serves until its standard input closes (the benchmark is done or died) or a safety limit passes.
/// </summary>
internal static class ServeCommand
{
    public const string Flag = "--serve";
    public const string ReadyPrefix = "MOCHI-BENCH-READY ";

    // A forgotten silo must not outlive any plausible run.
    private static readonly TimeSpan MaximumLifetime = TimeSpan.FromMinutes(30);

    public static async Task<int> RunAsync(string[] args)
    {
        await using var silo = await BenchSilo.StartAsync(CancellationToken.None, BenchTls.FromArgs(args), BenchCluster.FromArgs(args)).ConfigureAwait(false);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ReadyPrefix}{silo.GatewayPort} {silo.Engine.Address}"));
        Console.Out.Flush();
        var stdinClosed = Console.In.ReadToEndAsync();
        await Task.WhenAny(stdinClosed, Task.Delay(MaximumLifetime)).ConfigureAwait(false);
        return 0;
    }
}
