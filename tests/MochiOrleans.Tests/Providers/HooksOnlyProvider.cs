using MochiOrleans.Tests.Infrastructure;

namespace MochiOrleans.Tests.Providers;

/// <summary>A provider with finalize hooks and no RPC (PyMargo's <c>test_finalize_provider</c>).</summary>
public sealed class HooksOnlyProvider(string name, LifecycleLog log)
{
    [OnPrefinalize]
    public void Before() => log.Add($"{name}.prefinalize");

    [OnFinalize]
    public void After() => log.Add($"{name}.finalize");
}
