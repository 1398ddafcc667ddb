namespace MochiOrleans.Cluster.Tests.Infrastructure;

/// <summary>
/// Debian's <c>chromium</c> in headless mode (.ci/run installs it), loading a page as a person's browser would: scripts
/// run, then the rendered DOM is printed. A fresh profile each time, removed afterwards.
/// </summary>
internal static class HeadlessChromium
{
    private const string Program = "chromium";

    /// <summary>Loads <paramref name="url"/>, lets its scripts run for up to <paramref name="scriptTime"/> of virtual time, and returns the DOM.</summary>
    /// <exception cref="InvalidOperationException">Chromium is missing or failed.</exception>
    public static async Task<string> DumpDomAsync(Uri url, TimeSpan scriptTime)
    {
        ArgumentNullException.ThrowIfNull(url);
        var profile = Directory.CreateTempSubdirectory("mochi-chromium-");
        try
        {
            ChildProcess chromium;
            try
            {
                chromium = ChildProcess.StartProgram(Program,
                [
                    "--headless",
                    // The sandbox needs user namespaces, which containers and root (CI) often lack; the pages are our own.
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--no-first-run",
                    "--user-data-dir=" + profile.FullName,
                    "--virtual-time-budget=" + ((long)scriptTime.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "--dump-dom",
                    url.AbsoluteUri,
                ]);
            }
            catch (System.ComponentModel.Win32Exception exception)
            {
                throw new InvalidOperationException($"'{Program}' is not installed: apt-get install chromium (.ci/run does).", exception);
            }

            await using (chromium)
            {
                var exitCode = await chromium.WaitForExitAsync(TimeSpan.FromSeconds(60));
                var dom = string.Join('\n', chromium.OutputLines);
                return exitCode == 0 && dom.Length > 0
                    ? dom
                    : throw new InvalidOperationException($"{Program} exited with {exitCode} loading {url}:\n{string.Join('\n', chromium.ErrorLines)}");
            }
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
