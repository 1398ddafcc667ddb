namespace MochiOrleans.Cluster.Tests.Infrastructure;

/// <summary>Tests that run silo processes on the shared <see cref="RedisServer"/>; each uses a cluster id of its own.</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServer>
{
    public const string Name = "redis";
}
