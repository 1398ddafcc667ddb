using MochiOrleans.Internal;

namespace MochiOrleans.Tests.Providers;

/// <summary>An instance provider that shows what the runtime gives a handler: its caller, its request context, its hook runs.</summary>
[Provider("probe")]
public sealed class ProbeProvider
{
    private int _prefinalized;

    /// <summary>How often the <see cref="OnPrefinalizeAttribute">[OnPrefinalize]</see> hook ran.</summary>
    public int Prefinalized => Volatile.Read(ref _prefinalized);

    [Remote]
    public string Ping() => "pong";

    /// <summary>The caller as the handler sees it: <see cref="Handle.Address"/>.</summary>
    [Remote]
    public void Caller(Handle handle) => handle.Respond(handle.Address.ToString());

    /// <summary>Any access token the handler could see in its request context (there must be none).</summary>
    [Remote]
    public string Tokens() =>
        $"{RequestContext.Get(AccessTokenHeaders.AccessToken)}|{RequestContext.Get(AccessTokenHeaders.AdminToken)}";

    [OnPrefinalize]
    public void Before() => Interlocked.Increment(ref _prefinalized);
}
