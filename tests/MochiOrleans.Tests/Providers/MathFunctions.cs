namespace MochiOrleans.Tests.Providers;

/// <summary>A static class as a provider: the tutorial's "module with global functions".</summary>
[Provider("math")]
public static class MathFunctions
{
    [Remote]
    public static int Square(int x) => x * x;

    [Remote(RpcName = "negate")]
    public static double Opposite(double x) => -x;
}
