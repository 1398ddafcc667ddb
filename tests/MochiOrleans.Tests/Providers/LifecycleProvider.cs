using MochiOrleans.Tests.Infrastructure;

namespace MochiOrleans.Tests.Providers;

/// <summary>An instance provider whose hooks record themselves and may run extra work (such as an RPC).</summary>
[Provider("lifecycle")]
public sealed class LifecycleProvider(string name, LifecycleLog log, Func<Task>? duringPrefinalize = null, Func<Task>? duringFinalize = null)
{
    [Remote]
    public string Ping() => name;

    [OnPrefinalize]
    public async Task BeforeAsync()
    {
        log.Add($"{name}.prefinalize");
        if (duringPrefinalize is not null)
        {
            await duringPrefinalize();
        }
    }

    [OnFinalize]
    public async Task AfterAsync()
    {
        log.Add($"{name}.finalize");
        if (duringFinalize is not null)
        {
            await duringFinalize();
        }
    }
}

/// <summary>A virtual provider whose hooks record themselves in the silo's <see cref="LifecycleLog"/>.</summary>
[Provider("ephemeral")]
public sealed class EphemeralProvider(LifecycleLog log)
{
    private readonly string _id = Guid.NewGuid().ToString("N");

    /// <summary>Returns this object's identity, so that a test can follow one activation.</summary>
    [Remote]
    public string Ping() => _id;

    [OnPrefinalize]
    public void Before() => log.Add($"{_id}.prefinalize");

    [OnFinalize]
    public void After() => log.Add($"{_id}.finalize");
}
