namespace MochiOrleans.Grains;

/// <summary>
/// One per silo, keyed by the silo's address and always placed on that silo: it answers for the silo's engine so
/// that clients can reach one particular engine. Clients may call it (remote shutdown needs the admin token when the
/// server has one); the registry exchange between silos is the cluster-internal <see cref="ISiloRegistryGrain"/>.
/// </summary>
[Alias("mochi.ISiloControlGrain")]
internal interface ISiloControlGrain : IGrainWithStringKey
{
    /// <summary>
    /// Accepts a remote shutdown if this silo's engine enabled it. Finalization starts when the caller confirms it
    /// received the answer (<see cref="ConfirmShutdownAsync"/>), or after a bounded wait for that confirmation, so that
    /// the answer is never lost in the closing gateway.
    /// </summary>
    /// <returns><see langword="true"/> if the shutdown is accepted; <see langword="false"/> if remote shutdown is not enabled.</returns>
    [Alias("ShutdownAsync")]
    Task<bool> ShutdownAsync();

    /// <summary>The caller of an accepted <see cref="ShutdownAsync"/> has its answer: finalize now.</summary>
    [Orleans.Concurrency.OneWay]
    [Alias("ConfirmShutdownAsync")]
    Task ConfirmShutdownAsync();

    /// <summary>
    /// Whether this silo hosts the engine outside the cluster's processes named <paramref name="name"/> (a Python
    /// server engine's gateway session, addressed <c>tcp://host:port/name</c>).
    /// </summary>
    [Alias("HasEngineAsync")]
    Task<bool> HasEngineAsync(string name);

    /// <summary>Asks the engine named <paramref name="name"/> hosted by this silo to finalize; this silo goes on.</summary>
    /// <returns>
    /// <see langword="true"/> if it accepted, <see langword="false"/> if it did not enable remote shutdown,
    /// <see langword="null"/> if this silo hosts no such engine.
    /// </returns>
    [Alias("ShutdownEngineAsync")]
    Task<bool?> ShutdownEngineAsync(string name);
}
