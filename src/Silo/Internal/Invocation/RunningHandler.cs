namespace MochiOrleans.Internal.Invocation;

/// <summary>
/// Whether the current code runs inside an RPC handler of this silo (it flows with the handler's awaits, also past
/// <c>ConfigureAwait(false)</c>), so that the engine can tell a handler that finalizes its own engine from other callers.
/// </summary>
internal static class RunningHandler
{
    private static readonly AsyncLocal<bool> Inside = new();

    public static bool IsCurrent => Inside.Value;

    /// <summary>
    /// Marks the rest of the calling async method, and what it calls, as a handler. Call it only from an async method:
    /// the mark ends with that method.
    /// </summary>
    public static void Enter() => Inside.Value = true;
}
