using Orleans.Runtime;

namespace MochiOrleans.Tests.Providers;

/// <summary>A virtual provider: created through DI on whichever silo activates it.</summary>
[Provider("counter")]
public sealed class CounterProvider(ILocalSiloDetails silo)
{
    private int _count;

    [Remote]
    public int Increment() => Interlocked.Increment(ref _count);

    /// <summary>The silo the provider lives on.</summary>
    [Remote]
    public string Silo() => silo.SiloAddress.ToParsableString();
}
