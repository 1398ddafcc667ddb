namespace MochiOrleans.Tests.Infrastructure;

/// <summary>
/// The library packages (MochiOrleans.Abstractions, .Client, .Silo) as <c>dotnet pack</c> makes them, in a local
/// feed, done once for <see cref="PackedLibrariesCollection"/>.
/// </summary>
public sealed class PackedLibraries : IAsyncLifetime
{
    /// <summary>The library packages, by id, with the project each is packed from.</summary>
    public static readonly IReadOnlyDictionary<string, string> Projects = new Dictionary<string, string>
    {
        ["MochiOrleans.Abstractions"] = "src/Abstractions",
        ["MochiOrleans.Client"] = "src/Client",
        ["MochiOrleans.Silo"] = "src/Silo",
    };

    /// <summary>A scratch folder of this fixture: the feed and anything a test builds from it.</summary>
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "mochi-packages-" + Guid.NewGuid().ToString("N"));

    /// <summary>The feed holding the packages.</summary>
    public LocalPackageFeed Feed { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);

        // A version of this run's own, so that what a test restores is this pack, never a cached package of the same version.
        var version = "1.0.0-feed.t" + Guid.NewGuid().ToString("N");
        Feed = await LocalPackageFeed.PackAsync(Path.Combine(Directory, "feed"), Projects.Values, version);
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Tests that share one pack of the libraries (<see cref="PackedLibraries"/>) and build projects with <c>dotnet</c>:
/// they run alone, so that their builds do not starve the tests that wait for clusters.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PackedLibrariesCollection : ICollectionFixture<PackedLibraries>
{
    public const string Name = "packed libraries";
}
