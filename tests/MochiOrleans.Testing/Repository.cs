using System.Xml.Linq;

namespace MochiOrleans.Testing;

/// <summary>
/// Paths in this repository, found from the running program's build output, and the build outputs of its projects
/// (same configuration and target framework as the running program).
/// </summary>
public static class Repository
{
    private static readonly DirectoryInfo Output = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));

    /// <summary>The directory holding MochiOrleans.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration of the running program (<c>Debug</c>, <c>Release</c>), which its project references were built in.</summary>
    public static string Configuration => Output.Parent!.Name;

    /// <summary>The full path of <paramref name="relative"/>, a path relative to <see cref="Root"/>.</summary>
    public static string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>
    /// The built assembly of the project in <paramref name="projectDirectory"/> (relative to <see cref="Root"/>), named
    /// <paramref name="assemblyName"/> or else as its project file says.
    /// </summary>
    public static string BuiltAssembly(string projectDirectory, string? assemblyName = null)
    {
        // The running program is in <project>/bin/<configuration>/<tfm>; the others build to the same configuration and tfm.
        var path = Path.Combine(
            Root, projectDirectory, "bin", Output.Parent!.Name, Output.Name, (assemblyName ?? AssemblyNameOf(projectDirectory)) + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {projectDirectory} first.", path);
    }

    /// <summary>
    /// Copies the sources at <paramref name="relative"/> (a file or a directory, relative to <see cref="Root"/>) to
    /// <paramref name="destination"/>, build outputs (<c>bin</c>, <c>obj</c>) left out: a copy to build elsewhere.
    /// </summary>
    public static void CopySources(string relative, string destination)
    {
        var source = PathOf(relative);
        if (File.Exists(source))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(source, destination);
            return;
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var path = Path.GetRelativePath(source, file);
            if (path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            {
                continue;
            }

            var target = Path.Combine(destination, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>The configuration-driven silo host.</summary>
    public static string SiloHost => BuiltAssembly("src/Silo/Host", "MochiOrleans.Silo.Host");

    /// <summary>The directory holding the built sample providers, as a silo's <c>Mochi:Host:ProviderPaths</c> entry.</summary>
    public static string ClusterProviders => Path.GetDirectoryName(BuiltAssembly("samples/Cluster/Providers", "ClusterProviders"))!;

    private static string AssemblyNameOf(string projectDirectory)
    {
        var projectFile = Directory.GetFiles(PathOf(projectDirectory), "*.csproj").Single();
        return XDocument.Load(projectFile).Descendants("AssemblyName").FirstOrDefault()?.Value
            ?? Path.GetFileNameWithoutExtension(projectFile);
    }

    private static string FindRoot()
    {
        var directory = Output;
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MochiOrleans.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"No MochiOrleans.sln above {Output.FullName}: run from a build of this repository.");
    }
}
