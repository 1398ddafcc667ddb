using System.Diagnostics.CodeAnalysis;

namespace MochiOrleans.Tests.Providers;

/// <summary>Exercises the naming rules of API.md.</summary>
[Provider("naming")]
public sealed class NamingProvider
{
    [Remote]
    public int SayHello() => 1;

    [Remote]
    public Task<int> EchoAsync() => Task.FromResult(2);

    [Remote]
    public int GetHTTPStatus() => 3;

    [Remote(RpcName = "custom")]
    public int Renamed() => 4;

    [Remote(ServiceName = "ignored_because_provider_has_one")]
    public int Scoped() => 5;

    public int NotRemote() => 6;
}

/// <summary>A provider without a [Provider] service name: methods choose their own, or have none.</summary>
public sealed class ServicelessProvider
{
    [Remote(ServiceName = "alpha")]
    public int InAlpha() => 1;

    [Remote]
    public int Bare() => 2;
}

/// <summary>Two methods behind one wire name: registration must refuse it.</summary>
[Provider("clash")]
[SuppressMessage("MochiOrleans.Providers", "MOCHI0001", Justification = "Deliberate: the test checks that registration refuses the clash.")]
public sealed class ClashingProvider
{
    [Remote]
    public int Ping() => 1;

    [Remote(RpcName = "ping")]
    public int AlsoPing() => 2;
}

/// <summary>Serves the bare RPC name <c>stale</c>, to replace a withdrawn function of that name.</summary>
public sealed class ReplacementProvider
{
    [Remote(RpcName = "stale")]
    public string Answer() => "replacement";
}
