namespace MochiOrleans.Tests.Providers;

/// <summary>The target of the property test: a few signatures whose binding rules the test's oracle restates.</summary>
[Provider("fuzz")]
public sealed class FuzzProvider
{
    [Remote]
    public int Add(int x, int y) => unchecked(x + y);

    [Remote]
    public string Concat(string first, string second = "!") => first + second;

    [Remote]
    public int Ping() => 1;

    [Remote]
    public double Half(double value) => value / 2;
}
