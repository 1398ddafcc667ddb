using System.Globalization;

namespace MochiOrleans.Benchmarks.Hosting;

/// <summary>
/// A silo process's place in a Redis-clustered deployment of the scale-out mode: the Redis holding membership, the
/// cluster id, and how many virtual echo providers (ids 1..<paramref name="VirtualProviders"/>) every silo configures.
/// </summary>
/// <param name="Redis">The StackExchange.Redis connection string of the membership store.</param>
/// <param name="ClusterId">The Orleans cluster id, fresh for every silo count.</param>
/// <param name="VirtualProviders">Virtual <see cref="Workload.EchoProvider"/>s configured on every silo.</param>
internal sealed record BenchCluster(string Redis, string ClusterId, int VirtualProviders)
{
    public const string Flag = "--cluster";

    /// <summary>The settings a silo process was given by <see cref="ToArgs"/>, or <see langword="null"/> for a lone silo.</summary>
    public static BenchCluster? FromArgs(string[] args)
    {
        var index = Array.IndexOf(args, Flag);
        return index >= 0 && index + 3 < args.Length
            ? new BenchCluster(args[index + 1], args[index + 2], int.Parse(args[index + 3], CultureInfo.InvariantCulture))
            : null;
    }

    public string[] ToArgs() => [Flag, Redis, ClusterId, VirtualProviders.ToString(CultureInfo.InvariantCulture)];
}
