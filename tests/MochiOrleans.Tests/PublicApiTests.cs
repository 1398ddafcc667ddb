using MochiOrleans.Tests.Infrastructure;

namespace MochiOrleans.Tests;

/// <summary>
/// The public API of the libraries is tracked in PublicAPI.Shipped.txt and PublicAPI.Unshipped.txt (docs/packaging.md):
/// a copy of MochiOrleans.Abstractions with one public member added and one recorded member gone must not build.
/// </summary>
[Collection(PackedLibrariesCollection.Name)]
public class PublicApiTests
{
    private const string UnrecordedMember = """
        namespace MochiOrleans;

        /// <summary>Public, but in neither PublicAPI file.</summary>
        public static class UnrecordedApi
        {
            /// <summary>Also unrecorded.</summary>
            public static int Answer => 42;
        }
        """;

    // Recorded as shipped, but no such member exists: as if it had been removed or renamed.
    private const string VanishedMember = "MochiOrleans.Address.VanishedMember() -> void";

    [Fact]
    public async Task A_public_member_added_or_removed_without_the_PublicAPI_files_fails_the_build_even_without_warnings_as_errors()
    {
        var copy = Path.Combine(Path.GetTempPath(), "mochi-api-" + Guid.NewGuid().ToString("N"));
        try
        {
            foreach (var path in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "src/Abstractions", "src/Analyzers" })
            {
                Repository.CopySources(path, Path.Combine(copy, path));
            }

            await File.WriteAllTextAsync(Path.Combine(copy, "src/Abstractions/UnrecordedApi.cs"), UnrecordedMember);
            await File.AppendAllTextAsync(Path.Combine(copy, "src/Abstractions/PublicAPI.Shipped.txt"), VanishedMember + "\n");

            // Warnings stay warnings here: RS0016 and RS0017 must be errors on their own.
            var build = await DotnetCli.RunAsync("build", Path.Combine(copy, "src/Abstractions"), "-p:TreatWarningsAsErrors=false");

            Assert.NotEqual(0, build.ExitCode);
            Assert.Contains(build.ErrorLines, l => l.Contains("error RS0016", StringComparison.Ordinal) && l.Contains("UnrecordedApi", StringComparison.Ordinal));
            Assert.Contains(build.ErrorLines, l => l.Contains("error RS0016", StringComparison.Ordinal) && l.Contains("Answer", StringComparison.Ordinal));
            Assert.Contains(build.ErrorLines, l => l.Contains("error RS0017", StringComparison.Ordinal) && l.Contains("VanishedMember", StringComparison.Ordinal));
            // Nothing else failed: the copy itself builds.
            Assert.All(build.ErrorLines, l => Assert.Matches("error RS001[67]", l));
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }
}
