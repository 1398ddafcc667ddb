namespace MochiOrleans.Internal;

/// <summary>
/// Marks the code a finalize callback or an <see cref="OnFinalizeAttribute">[OnFinalize]</see> hook runs (and everything
/// it awaits), so that an RPC or lookup sent from there is refused with <see cref="MargoErrorCode.Permission"/> as Margo
/// does, whatever state the engine is in: a provider deregistered on a live engine runs its hooks too.
/// </summary>
internal static class FinalizeScope
{
    private static readonly AsyncLocal<bool> Inside = new();

    /// <summary>Whether the current code runs on behalf of a finalize callback or hook.</summary>
    public static bool IsActive => Inside.Value;

    /// <summary>
    /// Enters the scope (when <paramref name="refusing"/>) until the returned value is disposed; work started inside keeps
    /// it, as the execution context flows.
    /// </summary>
    public static Exit Enter(bool refusing = true)
    {
        if (!refusing)
        {
            return default;
        }

        var previous = Inside.Value;
        Inside.Value = true;
        return new Exit(entered: true, previous);
    }

    /// <summary>Restores the state from before <see cref="Enter"/>; the default value restores nothing.</summary>
    public readonly struct Exit(bool entered, bool previous) : IDisposable
    {
        public void Dispose()
        {
            if (entered)
            {
                Inside.Value = previous;
            }
        }
    }
}
