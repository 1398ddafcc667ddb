using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace MochiOrleans.Benchmarks.Hosting;

/// <summary>
/// This benchmark re-launched with <c>--serve</c>: the silo of the TCP runs lives in its own process, so the client's
/// calls cross a real loopback socket and the two sides do not share a runtime.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;

    private SiloProcess(Process process, int gatewayPort, string engineAddress)
    {
        _process = process;
        GatewayPort = gatewayPort;
        EngineAddress = engineAddress;
    }

    public int GatewayPort { get; }

    /// <summary>The silo engine's address string, as it printed it.</summary>
    public string EngineAddress { get; }

    public int ProcessId => _process.Id;

    public static async Task<SiloProcess> StartAsync()
    {
        var info = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Run through `dotnet app.dll`, the process path is the host: hand it the assembly.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            info.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        info.ArgumentList.Add(ServeCommand.Flag);
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the silo process.");
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("The silo process ended before it was ready."));
            }
            else if (e.Data.StartsWith(ServeCommand.ReadyPrefix, StringComparison.Ordinal))
            {
                ready.TrySetResult(e.Data[ServeCommand.ReadyPrefix.Length..]);
            }
            else
            {
                Console.Error.WriteLine("[silo] " + e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("[silo] " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            var line = (await ready.Task.WaitAsync(StartTimeout).ConfigureAwait(false)).Split(' ');
            return new SiloProcess(process, int.Parse(line[0], CultureInfo.InvariantCulture), line[1]);
        }
        catch
        {
            Kill(process);
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Closing its input is the silo's signal to stop gracefully; a silo that does not is killed.
            _process.StandardInput.Close();
            using var stop = new CancellationTokenSource(StopTimeout);
            await _process.WaitForExitAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(_process);
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static void Kill(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }
}
