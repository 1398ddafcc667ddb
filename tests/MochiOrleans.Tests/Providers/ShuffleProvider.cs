namespace MochiOrleans.Tests.Providers;

/// <summary>
/// A provider whose one RPC, <c>shuffle_middle</c>, is first in its method table; <see cref="ShuffleProviderWithMore"/>
/// is the same provider registered again with an RPC before it, so a cached position then points elsewhere.
/// </summary>
[Provider("shuffle")]
public sealed class ShuffleProvider
{
    [Remote]
    public string Middle() => "middle (first registration)";
}

/// <summary>The same service as <see cref="ShuffleProvider"/>, with <c>shuffle_alpha</c> taking position 0.</summary>
[Provider("shuffle")]
public sealed class ShuffleProviderWithMore
{
    [Remote]
    public string Alpha() => "alpha";

    [Remote]
    public string Middle() => "middle (second registration)";
}
