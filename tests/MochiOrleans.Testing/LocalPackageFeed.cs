using System.Globalization;

namespace MochiOrleans.Testing;

/// <summary>
/// Projects of this repository packed into a folder as <c>dotnet pack</c> makes them for a release, and
/// <c>nuget.config</c> files that make the folder a package source: how tests install and consume the packages as
/// users do, never through project references.
/// </summary>
public sealed class LocalPackageFeed
{
    private LocalPackageFeed(string directory, string? version)
    {
        Directory = directory;
        Version = version;
    }

    /// <summary>The folder holding the packages.</summary>
    public string Directory { get; }

    /// <summary>The version the packages were packed with, or <see langword="null"/> for the projects' own.</summary>
    public string? Version { get; }

    /// <summary>
    /// Packs the projects in <paramref name="projectDirectories"/> (relative to <see cref="Repository.Root"/>) from
    /// their existing build (same configuration as the running program) into <paramref name="directory"/>.
    /// </summary>
    /// <param name="directory">Where the packages go.</param>
    /// <param name="projectDirectories">The projects to pack.</param>
    /// <param name="version">
    /// A version of their own, so that a package restored from this feed can never be confused with a copy of the
    /// same id and version in a package cache; <see langword="null"/> keeps the projects' version.
    /// </param>
    public static async Task<LocalPackageFeed> PackAsync(string directory, IEnumerable<string> projectDirectories, string? version = null)
    {
        ArgumentNullException.ThrowIfNull(projectDirectories);
        foreach (var project in projectDirectories)
        {
            string[] args = ["pack", Repository.PathOf(project), "--no-build", "-c", Repository.Configuration, "-o", directory];
            await DotnetCli.RunCheckedAsync(version is null ? args : [.. args, "-p:Version=" + version]);
        }

        return new LocalPackageFeed(directory, version);
    }

    /// <summary>The path of the package <paramref name="id"/> in this feed.</summary>
    /// <exception cref="FileNotFoundException">The feed has no such package.</exception>
    public string PackageFile(string id)
    {
        var pattern = id + "." + (Version ?? "*") + ".nupkg";
        return System.IO.Directory.GetFiles(Directory, pattern).SingleOrDefault()
            ?? throw new FileNotFoundException($"No {pattern} in {Directory}.");
    }

    /// <summary>
    /// Writes a <c>nuget.config</c> at <paramref name="path"/> whose sources are this feed and, if
    /// <paramref name="withNuGetOrg"/>, nuget.org for everything else. Packages named MochiOrleans.* come from this
    /// feed only (source mapping), never from a registry.
    /// </summary>
    /// <param name="path">The file to write.</param>
    /// <param name="withNuGetOrg">Whether packages this feed lacks (Orleans...) may come from nuget.org.</param>
    /// <param name="globalPackagesFolder">
    /// Where restore extracts packages, instead of the user's package cache: a folder of the test's own keeps what the
    /// test packed out of the user's cache. The user's cache stays a read-only fallback, so nothing is downloaded twice.
    /// </param>
    public async Task WriteConfigAsync(string path, bool withNuGetOrg = false, string? globalPackagesFolder = null)
    {
        var cache = globalPackagesFolder is null ? "" : $"""
              <config>
                <add key="globalPackagesFolder" value="{globalPackagesFolder}" />
              </config>
              <fallbackPackageFolders>
                <clear />
                <add key="user" value="{UserPackageCache()}" />
              </fallbackPackageFolders>
            """;
        var registry = withNuGetOrg ? """<add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />""" : "";
        var registryMapping = withNuGetOrg ? """<packageSource key="nuget.org"><package pattern="*" /></packageSource>""" : "";
        await File.WriteAllTextAsync(path, string.Create(CultureInfo.InvariantCulture, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
            {cache}
              <packageSources>
                <clear />
                <add key="packed" value="{Directory}" />
                {registry}
              </packageSources>
              <packageSourceMapping>
                <clear />
                <packageSource key="packed"><package pattern="MochiOrleans.*" /></packageSource>
                {registryMapping}
              </packageSourceMapping>
            </configuration>
            """));
    }

    private static string UserPackageCache() =>
        System.Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
