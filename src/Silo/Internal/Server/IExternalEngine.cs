namespace MochiOrleans.Internal.Server;

/// <summary>An engine outside this process, as <see cref="ExternalEngines"/> reaches it.</summary>
internal interface IExternalEngine
{
    /// <summary>Tells the engine to finalize if it enabled remote shutdown.</summary>
    /// <returns><see langword="false"/> if it did not.</returns>
    bool TryAcceptShutdown();
}
