namespace MochiOrleans;

/// <summary>Whether an engine serves providers (a silo) or only calls them (a client).</summary>
public enum EngineMode
{
    /// <summary>The engine hosts an Orleans silo and can register providers.</summary>
    Server,

    /// <summary>The engine connects to clusters as an Orleans client and only calls RPCs.</summary>
    Client,
}
