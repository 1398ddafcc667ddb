using System.Collections.Concurrent;
using System.Diagnostics;

namespace MochiOrleans.Tests.Infrastructure;

/// <summary>
/// A program of this repository run as a separate process (<c>dotnet exec</c> of its built assembly), with its
/// output captured line by line. Disposing kills it if it is still running.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private ChildProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>Everything the process printed so far, one line per line (for failure messages).</summary>
    public string Log => string.Join('\n', _lines);

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the program built from <paramref name="projectDirectory"/> (relative to the repository root).</summary>
    public static ChildProcess Start(string projectDirectory, params string[] args) => StartAssembly(BuiltAssembly(projectDirectory), args);

    /// <summary>Starts a built assembly with <c>dotnet exec</c>, adding <paramref name="environment"/> to its environment.</summary>
    public static ChildProcess StartAssembly(string assembly, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(assembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {assembly}."));
    }

    /// <summary>Waits for a line containing <paramref name="text"/> and returns it.</summary>
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

    public async Task<int> WaitForExitAsync(TimeSpan? deadline = null)
    {
        await _process.WaitForExitAsync().WithDeadline(deadline);
        return _process.ExitCode;
    }

    /// <summary>Kills the process at once (SIGKILL): nothing of it runs any more, as after <c>kill -9</c>.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WithDeadline();
    }

    /// <summary>Sends a POSIX signal, as Ctrl-C (SIGINT) or Kubernetes (SIGTERM) would.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync().WithDeadline();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WithDeadline();
        }

        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }
    }

    private static string BuiltAssembly(string projectDirectory)
    {
        // Tests run from tests/<project>/bin/<configuration>/<tfm>; samples build to the same configuration and tfm.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "MochiOrleans.sln")))
        {
            root = root.Parent;
        }

        var project = Path.Combine(root?.FullName ?? throw new InvalidOperationException("Repository root not found."), projectDirectory);
        var projectFile = Directory.GetFiles(project, "*.csproj").Single();
        var assemblyName = System.Xml.Linq.XDocument.Load(projectFile).Descendants("AssemblyName").FirstOrDefault()?.Value
            ?? Path.GetFileNameWithoutExtension(projectFile);
        var assembly = Path.Combine(project, "bin", configuration, framework, assemblyName + ".dll");
        return File.Exists(assembly) ? assembly : throw new FileNotFoundException($"Build {projectDirectory} first.", assembly);
    }
}
