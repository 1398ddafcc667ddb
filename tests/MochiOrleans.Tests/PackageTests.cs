using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using MochiOrleans.Tests.Infrastructure;

namespace MochiOrleans.Tests;

/// <summary>
/// The NuGet packages as <c>dotnet pack</c> makes them (see docs/packaging.md), and the tutorial's sample built
/// against them from a local feed as a user outside this repository builds it.
/// </summary>
[Collection(PackedLibrariesCollection.Name)]
public class PackageTests(PackedLibraries packed)
{
    private const string SampleFlaw = """
        using MochiOrleans;

        namespace HelloProvider.Server;

        /// <summary>A deliberate MOCHI0012: the analyzers from the package must report it.</summary>
        [Provider("flawed")]
        public class FlawedProvider
        {
            /// <summary>One-way, yet returns a value.</summary>
            [Remote(DisableResponse = true)]
            public int Ignored() => 1;
        }
        """;

    public static TheoryData<string> Packages => [.. PackedLibraries.Projects.Keys];

    [Theory]
    [MemberData(nameof(Packages))]
    public void Each_library_package_has_a_description_the_MIT_licence_tags_a_git_repository_and_its_own_readme(string id)
    {
        using var package = ZipFile.OpenRead(packed.Feed.PackageFile(id));
        var metadata = Metadata(package);

        Assert.False(string.IsNullOrWhiteSpace(Value(metadata, "description")));
        Assert.NotEqual("Package Description", Value(metadata, "description"));
        var license = Single(metadata, "license");
        Assert.Equal(("expression", "MIT"), ((string?)license.Attribute("type"), license.Value));
        Assert.Contains("orleans", Value(metadata, "tags").Split(' '));
        var repository = Single(metadata, "repository");
        Assert.Equal("git", (string?)repository.Attribute("type"));
        Assert.Matches("^[0-9a-f]{40}$", (string?)repository.Attribute("commit"));

        Assert.Equal("README.md", Value(metadata, "readme"));
        using var readme = new StreamReader(package.GetEntry("README.md")!.Open());
        Assert.Equal("# " + id, readme.ReadLine());
    }

    [Fact]
    public void Sibling_packages_depend_on_each_other_at_exactly_the_version_they_were_packed_with()
    {
        var exact = $"[{packed.Feed.Version}]";

        Assert.Equal(exact, (string?)Dependency("MochiOrleans.Client", "MochiOrleans.Abstractions").Attribute("version"));
        Assert.Equal(exact, (string?)Dependency("MochiOrleans.Silo", "MochiOrleans.Client").Attribute("version"));
    }

    [Fact]
    public void The_abstractions_package_carries_the_provider_analyzers()
    {
        using var abstractions = ZipFile.OpenRead(packed.Feed.PackageFile("MochiOrleans.Abstractions"));

        Assert.NotNull(abstractions.GetEntry("analyzers/dotnet/cs/MochiOrleans.Analyzers.dll"));
    }

    [Fact]
    public async Task The_sample_built_from_the_local_feed_gets_the_analyzers_and_its_client_gets_the_answer()
    {
        var sample = Path.Combine(packed.Directory, "sample-" + Guid.NewGuid().ToString("N"));
        CopySample("samples/HelloProvider", sample, packed.Feed.Version!);
        await File.WriteAllTextAsync(Path.Combine(sample, "Server", "FlawedProvider.cs"), SampleFlaw);
        await File.WriteAllTextAsync(Path.Combine(sample, "Directory.Build.props"), """
            <Project>
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <WarningsNotAsErrors>MOCHI0012</WarningsNotAsErrors>
              </PropertyGroup>
            </Project>
            """);
        await packed.Feed.WriteConfigAsync(Path.Combine(sample, "nuget.config"), withNuGetOrg: true, globalPackagesFolder: Path.Combine(packed.Directory, "cache"));

        var serverBuild = await DotnetCli.RunAsync("build", Path.Combine(sample, "Server"), "-c", "Release");
        var clientBuild = await DotnetCli.RunAsync("build", Path.Combine(sample, "Client"), "-c", "Release");

        Assert.True(serverBuild.ExitCode == 0, serverBuild.Log);
        Assert.True(clientBuild.ExitCode == 0, clientBuild.Log);
        // The server references only MochiOrleans.Silo: the analyzers reach it from Abstractions, two packages away.
        Assert.Contains("warning MOCHI0012", serverBuild.Log, StringComparison.Ordinal);
        AssertRestoredFromFeed(Path.Combine(sample, "Server"), "MochiOrleans.Silo", packed.Feed.Version!);
        AssertRestoredFromFeed(Path.Combine(sample, "Client"), "MochiOrleans.Client", packed.Feed.Version!);

        await using var server = ChildProcess.StartAssembly(Path.Combine(sample, "Server", "bin", "Release", "net10.0", "HelloProvider.Server.dll"), []);
        var address = (await server.WaitForLineAsync("Service running at ", TimeSpan.FromMinutes(1))).Split("Service running at ")[1].Trim();
        await using var client = ChildProcess.StartAssembly(Path.Combine(sample, "Client", "bin", "Release", "net10.0", "HelloProvider.Client.dll"), [address]);

        Assert.True(await client.WaitForExitAsync(TimeSpan.FromMinutes(1)) == 0, client.Log);
        Assert.True(await server.WaitForExitAsync(TimeSpan.FromMinutes(1)) == 0, server.Log);
        Assert.Contains("Good bye Matthieu", client.Lines);
    }

    /// <summary>
    /// Copies the sample's projects out of the repository (away from its Directory.Build.props and central package
    /// versions) with every ProjectReference to a library replaced by a PackageReference to its package.
    /// </summary>
    private static void CopySample(string from, string to, string version)
    {
        Repository.CopySources(from, to);
        foreach (var file in Directory.EnumerateFiles(to, "*.csproj", SearchOption.AllDirectories))
        {
            var project = XDocument.Load(file);
            foreach (var reference in project.Descendants("ProjectReference").ToList())
            {
                var id = Path.GetFileNameWithoutExtension((string)reference.Attribute("Include")!);
                // The analyzers come with MochiOrleans.Abstractions; the libraries become their packages.
                reference.ReplaceWith(id == "MochiOrleans.Analyzers"
                    ? null
                    : new XElement("PackageReference", new XAttribute("Include", id), new XAttribute("Version", version)));
            }

            project.Save(file);
        }
    }

    /// <summary>The project's restore took <paramref name="id"/> as a package of the feed's version, and no project.</summary>
    private static void AssertRestoredFromFeed(string projectDirectory, string id, string version)
    {
        using var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(projectDirectory, "obj", "project.assets.json")));
        var libraries = assets.RootElement.GetProperty("libraries").EnumerateObject().ToList();
        Assert.Equal("package", libraries.Single(l => l.Name == $"{id}/{version}").Value.GetProperty("type").GetString());
        Assert.DoesNotContain(libraries, l => l.Value.GetProperty("type").GetString() == "project");
    }

    private XElement Dependency(string packageId, string dependencyId)
    {
        using var package = ZipFile.OpenRead(packed.Feed.PackageFile(packageId));
        return Metadata(package).Descendants().Single(e => e.Name.LocalName == "dependency" && (string?)e.Attribute("id") == dependencyId);
    }

    private static XElement Metadata(ZipArchive package)
    {
        var nuspec = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspec.Open();
        return XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static XElement Single(XElement metadata, string name) => metadata.Elements().Single(e => e.Name.LocalName == name);

    private static string Value(XElement metadata, string name) => Single(metadata, name).Value;
}
