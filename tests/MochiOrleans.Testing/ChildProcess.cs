using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace MochiOrleans.Testing;

/// <summary>
/// A program run as a separate process, usually one of this repository (<c>dotnet exec</c> of its built assembly), with
/// its output captured line by line. Closing its standard input is how a caller asks it to stop
/// (<see cref="StopAsync"/>); disposing kills it if it is still running.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Action<string>? _echo;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _error = new();

    private ChildProcess(Process process, Action<string>? echo)
    {
        _process = process;
        _echo = echo;
        _process.OutputDataReceived += (_, e) => Add(e.Data, _output);
        _process.ErrorDataReceived += (_, e) => Add(e.Data, _error);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Every line the process printed so far, standard output and error interleaved as they arrived.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>The lines the process printed on its standard output so far.</summary>
    public IReadOnlyList<string> OutputLines => [.. _output];

    /// <summary>The lines the process printed on its standard error so far.</summary>
    public IReadOnlyList<string> ErrorLines => [.. _error];

    /// <summary>Everything the process printed so far, one line per line (for failure messages).</summary>
    public string Log => string.Join('\n', _lines);

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The operating system's process id (to meter the process's CPU, for example).</summary>
    public int Id => _process.Id;

    /// <summary>Starts the program built from <paramref name="projectDirectory"/> (relative to the repository root).</summary>
    public static ChildProcess Start(string projectDirectory, params string[] args) =>
        StartAssembly(Repository.BuiltAssembly(projectDirectory), args);

    /// <summary>Starts a built assembly with <c>dotnet exec</c>.</summary>
    /// <param name="assembly">The path of the assembly.</param>
    /// <param name="args">Its command-line arguments.</param>
    /// <param name="environment">Added to the environment it inherits.</param>
    /// <param name="echo">Also given every line the process prints, as it prints it.</param>
    public static ChildProcess StartAssembly(
        string assembly, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, Action<string>? echo = null) =>
        StartProgram(DotnetHost(), ["exec", assembly, .. args], environment, echo);

    /// <summary>Starts any program, such as a <c>redis-server</c> the tests need.</summary>
    /// <param name="program">The program's path, or its name to find on the PATH.</param>
    /// <param name="args">Its command-line arguments.</param>
    /// <param name="environment">Added to the environment it inherits.</param>
    /// <param name="echo">Also given every line the process prints, as it prints it.</param>
    public static ChildProcess StartProgram(
        string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, Action<string>? echo = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}."), echo);
    }

    /// <summary>Waits for a line containing <paramref name="text"/> and returns it.</summary>
    /// <exception cref="InvalidOperationException">The process exited without printing it.</exception>
    public async Task<string> WaitForLineAsync(string text, TimeSpan? deadline = null)
    {
        string? found = null;
        await Deadline.UntilAsync(
            () => (found = _lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal))) is not null || _process.HasExited,
            $"the process printed '{text}'",
            deadline);
        return found ?? _lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"The process exited without printing '{text}':\n{Log}");
    }

    /// <summary>Waits for the process to end and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? deadline = null)
    {
        await _process.WaitForExitAsync().WithDeadline(deadline);
        return _process.ExitCode;
    }

    /// <summary>Kills the process at once (SIGKILL): nothing of it runs any more, as after <c>kill -9</c>.</summary>
    public async Task KillAsync()
    {
        Kill();
        await _process.WaitForExitAsync().WithDeadline();
    }

    /// <summary>Sends a POSIX signal, as Ctrl-C (SIGINT) or Kubernetes (SIGTERM) would.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync().WithDeadline();
    }

    /// <summary>
    /// Closes the process's standard input, its cue to stop gracefully, and kills it if it still runs after
    /// <paramref name="grace"/>.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        _process.StandardInput.Close();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(grace);
        }
        catch (TimeoutException)
        {
            await KillAsync();
        }
    }

    /// <summary>Kills the process if it is still running, and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await KillAsync();
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended on its own in the meantime.
        }
    }

    private void Add(string? line, ConcurrentQueue<string> stream)
    {
        if (line is not null)
        {
            stream.Enqueue(line);
            _lines.Enqueue(line);
            _echo?.Invoke(line);
        }
    }

    // The host running this program when it is `dotnet`, so that children run on the same installation.
    private static string DotnetHost() =>
        Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
}
