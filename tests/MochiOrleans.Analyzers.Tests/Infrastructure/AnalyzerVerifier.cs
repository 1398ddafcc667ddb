using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace MochiOrleans.Analyzers.Tests.Infrastructure;

/// <summary>
/// Runs one analyzer over a snippet and checks exactly the expected diagnostics appear (markup <c>{|MOCHI0001:x|}</c>
/// or <c>{|#0:x|}</c> with <see cref="Diagnostic"/>). Snippets compile against the assemblies this test process runs
/// on (the .NET runtime, the MochiOrleans assemblies, Orleans), so no reference package is downloaded.
/// </summary>
internal static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor);

    public static Task VerifyAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
        };
        test.TestState.AdditionalReferences.AddRange(RuntimeReferences.All);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));
    }
}

/// <summary>The assemblies of this process (the trusted platform assemblies), loaded once as metadata references.</summary>
internal static class RuntimeReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(Load);

    public static ImmutableArray<MetadataReference> All => References.Value;

    private static ImmutableArray<MetadataReference> Load()
    {
        var paths = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var abstractions = typeof(RemoteAttribute).Assembly.Location;
        return [.. paths.Append(abstractions).Distinct(StringComparer.Ordinal).Where(File.Exists).Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))];
    }
}
