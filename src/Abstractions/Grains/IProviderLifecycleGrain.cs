namespace MochiOrleans.Grains;

/// <summary>
/// The cluster-internal half of the provider grain (same grain, same key as <see cref="IProviderGrain"/>): the silo
/// that registered a provider binds, finalizes and releases it. Only silos of the cluster may call it (see
/// <c>ControlPlaneCallFilter</c>): a client that could run <see cref="PrefinalizeAsync"/> would run a provider's
/// hook on demand, so that it never runs at the real shutdown.
/// </summary>
[Alias("mochi.IProviderLifecycleGrain")]
internal interface IProviderLifecycleGrain : IGrainWithStringKey
{
    /// <summary>
    /// Binds this grain to the instance registration <paramref name="registrationId"/> of the silo that registered it.
    /// Returns <see langword="false"/> when the key already belongs to another registration in the cluster.
    /// </summary>
    /// <param name="registrationId">The id the registering silo gave its registration.</param>
    [Alias("ClaimAsync")]
    Task<bool> ClaimAsync(Guid registrationId);

    /// <summary>Runs the provider's <see cref="OnPrefinalizeAttribute">[OnPrefinalize]</see> methods; its silo calls this when its engine starts finalizing.</summary>
    [Alias("PrefinalizeAsync")]
    Task PrefinalizeAsync();

    /// <summary>
    /// Ends the instance registration <paramref name="registrationId"/> after it was deregistered: runs the provider's
    /// <see cref="OnPrefinalizeAttribute">[OnPrefinalize]</see> then <see cref="OnFinalizeAttribute">[OnFinalize]</see>
    /// methods (those not yet run), drops the provider object and lets the grain be collected as idle.
    /// </summary>
    /// <param name="registrationId">The registration that was withdrawn.</param>
    /// <returns><see langword="true"/> if this grain served that registration and ended it.</returns>
    [Alias("ReleaseAsync")]
    Task<bool> ReleaseAsync(Guid registrationId);
}
