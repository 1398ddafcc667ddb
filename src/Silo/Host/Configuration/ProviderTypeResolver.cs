using System.Reflection;
using System.Runtime.Loader;

namespace MochiOrleans.Silo.Host.Configuration;

/// <summary>
/// Finds provider types by assembly-qualified name in the host's own assemblies and in the configured provider paths
/// (<c>Mochi:Host:ProviderPaths</c>), so that a deployment brings its providers as files, not as a rebuild of the host.
/// </summary>
/// <remarks>
/// Provider assemblies load into the default context: the MochiOrleans and Orleans assemblies they reference resolve
/// to the host's own copies, and only what the host lacks is looked for next to them (through their .deps.json).
/// </remarks>
internal sealed class ProviderTypeResolver
{
    private readonly Dictionary<string, string> _assemblyFiles = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<AssemblyDependencyResolver> _dependencyResolvers = [];

    /// <param name="files">Provider assembly files, found from the configured paths.</param>
    public ProviderTypeResolver(IEnumerable<string> files)
    {
        foreach (var file in files)
        {
            _assemblyFiles.TryAdd(Path.GetFileNameWithoutExtension(file), file);
            _dependencyResolvers.Add(new AssemblyDependencyResolver(file));
        }

        if (_assemblyFiles.Count > 0)
        {
            AssemblyLoadContext.Default.Resolving += Resolve;
        }
    }

    /// <summary>The assembly files a configured path stands for: the file itself, or every .dll in the directory.</summary>
    public static IEnumerable<string> FilesOf(string path)
    {
        var full = Path.GetFullPath(path);
        return Directory.Exists(full) ? Directory.EnumerateFiles(full, "*.dll") : [full];
    }

    /// <summary>Finds a type by its assembly-qualified name; <see langword="null"/> with the reason if it cannot be loaded.</summary>
    public Type? Find(string typeName, out string? problem)
    {
        try
        {
            var type = Type.GetType(typeName, Load, typeResolver: null, throwOnError: true);
            problem = null;
            return type;
        }
        catch (Exception exception) when (exception is TypeLoadException or FileNotFoundException or FileLoadException or BadImageFormatException or ArgumentException)
        {
            problem = exception.Message.Trim();
            return null;
        }
    }

    private Assembly Load(AssemblyName name) =>
        name.Name is { } simple && _assemblyFiles.TryGetValue(simple, out var file)
            ? AssemblyLoadContext.Default.LoadFromAssemblyPath(file)
            : AssemblyLoadContext.Default.LoadFromAssemblyName(name);

    private Assembly? Resolve(AssemblyLoadContext context, AssemblyName name)
    {
        if (name.Name is { } simple && _assemblyFiles.TryGetValue(simple, out var file))
        {
            return context.LoadFromAssemblyPath(file);
        }

        foreach (var resolver in _dependencyResolvers)
        {
            if (resolver.ResolveAssemblyToPath(name) is { } path)
            {
                return context.LoadFromAssemblyPath(path);
            }
        }

        return null;
    }
}
