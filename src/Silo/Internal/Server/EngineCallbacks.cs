namespace MochiOrleans.Internal.Server;

/// <summary>
/// The engine's two callback lists. Instance providers push their prefinalize hooks onto the first when they register,
/// as in Margo, so that engine callbacks and provider hooks run in one newest-first order.
/// </summary>
internal sealed class EngineCallbacks
{
    public FinalizeCallbacks Prefinalize { get; } = new("prefinalize");

    public FinalizeCallbacks Finalize { get; } = new("finalize", refusesRpcs: true);
}
