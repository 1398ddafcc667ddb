namespace MochiOrleans;

/// <summary>Remote provider control: what an operator may do to one provider of the engine at an address.</summary>
public sealed partial class Address
{
    /// <summary>
    /// Deregisters one provider of the engine at this address (all its RPCs), running its
    /// <see cref="OnPrefinalizeAttribute">[OnPrefinalize]</see> then <see cref="OnFinalizeAttribute">[OnFinalize]</see>
    /// hooks once; the engine keeps serving its other providers. Calls to the provider's RPCs then fail with
    /// <see cref="MargoErrorCode.NoEntry"/>.
    /// </summary>
    /// <param name="serviceName">The provider's service name, <c>""</c> for a provider registered without one.</param>
    /// <param name="providerId">The provider id.</param>
    /// <param name="cancellationToken">Cancels waiting for the answer.</param>
    /// <exception cref="MargoException">
    /// <see cref="MargoErrorCode.Permission"/> if the target did not call <c>EnableRemoteProviderControl()</c> (or set
    /// <c>EngineOptions.EnableRemoteProviderControl</c>); <see cref="MargoErrorCode.NoEntry"/> if it has no such
    /// provider; <see cref="MargoErrorCode.InvalidArgument"/> for a virtual provider, which every silo configured with
    /// it serves and which configuration, not a call, removes; <see cref="MargoErrorCode.Unreachable"/> if the target
    /// cannot be reached.
    /// </exception>
    public Task DeregisterProviderAsync(string serviceName, ushort providerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(serviceName);
        return Scope.DeregisterProviderAsync(this, serviceName, providerId, cancellationToken);
    }
}
