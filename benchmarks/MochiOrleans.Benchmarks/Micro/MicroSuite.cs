namespace MochiOrleans.Benchmarks.Micro;

internal static class MicroSuite
{
    public const string Flag = "--micro";

    public static int Run(string[] args) => args.Length;
}
