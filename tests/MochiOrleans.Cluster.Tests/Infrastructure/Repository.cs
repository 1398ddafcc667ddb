namespace MochiOrleans.Cluster.Tests.Infrastructure;

/// <summary>Paths in this repository, and the build outputs of its projects (same configuration and tfm as the tests).</summary>
internal static class Repository
{
    private static readonly DirectoryInfo Output = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));

    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>The built assembly of the project in <paramref name="projectDirectory"/>.</summary>
    public static string BuiltAssembly(string projectDirectory, string assemblyName)
    {
        var path = Path.Combine(Root, projectDirectory, "bin", Output.Parent!.Name, Output.Name, assemblyName + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {projectDirectory} first.", path);
    }

    public static string SiloHost => BuiltAssembly("src/Silo/Host", "MochiOrleans.Silo.Host");

    /// <summary>The directory holding the built sample providers, as a silo's <c>Mochi:Host:ProviderPaths</c> entry.</summary>
    public static string ClusterProviders => Path.GetDirectoryName(BuiltAssembly("samples/Cluster/Providers", "ClusterProviders"))!;

    private static string FindRoot()
    {
        var directory = Output;
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MochiOrleans.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}
