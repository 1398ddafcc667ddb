namespace MochiOrleans;

/// <summary>The direction of a bulk transfer, seen from the engine that runs it (PyMargo's <c>bulk.pull</c>, <c>bulk.push</c>).</summary>
[GenerateSerializer, Alias("mochi.BulkOperation")]
public enum BulkOperation
{
    /// <summary>Copies from the origin (remote) bulk into the local bulk.</summary>
    Pull,

    /// <summary>Copies from the local bulk into the origin (remote) bulk.</summary>
    Push,
}
