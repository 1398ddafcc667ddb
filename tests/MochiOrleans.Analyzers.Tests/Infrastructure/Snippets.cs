namespace MochiOrleans.Analyzers.Tests.Infrastructure;

/// <summary>What every snippet needs in scope, so that tests show only the provider they judge.</summary>
internal static class Snippets
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using MochiOrleans;

        """;
}
