using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MochiOrleans.Analyzers.Tests.Infrastructure;

/// <summary>
/// Runs one source generator over a snippet compiled against the assemblies of this process (see
/// <see cref="RuntimeReferences"/>) and checks that the snippet and everything generated compile without a warning.
/// </summary>
internal static class GeneratorRun
{
    /// <summary>The compilation with the generated sources added, and those sources.</summary>
    public static (Compilation Compilation, IReadOnlyList<string> Sources) Run(IIncrementalGenerator generator, string source)
    {
        var compilation = CSharpCompilation.Create(
            "Generated" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            RuntimeReferences.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var driver = CSharpGeneratorDriver.Create(generator)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Empty(diagnostics);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        return (output, [.. driver.GetRunResult().GeneratedTrees.Select(tree => tree.ToString())]);
    }

    /// <summary>Just the generated sources.</summary>
    public static IReadOnlyList<string> Generate(IIncrementalGenerator generator, string source) => Run(generator, source).Sources;
}
