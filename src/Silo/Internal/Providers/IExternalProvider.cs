namespace MochiOrleans.Internal.Providers;

/// <summary>
/// A provider whose handlers live outside this process (a Python engine's, through a gateway session): the silo
/// serves its RPCs like any provider's and hands each call over as it arrived, unbound.
/// </summary>
internal interface IExternalProvider
{
    /// <summary>The address of the engine the provider lives in, which provider listings show.</summary>
    string EngineAddress { get; }

    /// <summary>
    /// Forwards one call and answers it through <paramref name="handle"/>. A failure to report to the caller is a
    /// <see cref="Invocation.ForwardedFailure"/>, which keeps its code and remote exception type.
    /// </summary>
    Task ForwardAsync(object?[] args, IReadOnlyDictionary<string, object?>? kwargs, Handle handle, CancellationToken cancellationToken);

    /// <summary>
    /// The provider was released by the silo (remote provider control, the silo finalizing): the owner runs the
    /// provider's hooks if it has not already.
    /// </summary>
    [OnFinalize]
    Task ReleasedAsync();
}
