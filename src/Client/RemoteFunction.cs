using MochiOrleans.Internal;

namespace MochiOrleans;

/// <summary>
/// An RPC known by name (PyMargo's <c>RemoteFunction</c>). <see cref="On"/> binds it to an address and a provider id.
/// </summary>
public sealed class RemoteFunction
{
    private readonly Engine _engine;
    private volatile bool _disableResponse;
    private volatile bool _deregistered;

    internal RemoteFunction(Engine engine, string name, bool disableResponse, ushort? serverProviderId)
    {
        _engine = engine;
        Name = name;
        _disableResponse = disableResponse;
        ServerProviderId = serverProviderId;
    }

    /// <summary>The full RPC name.</summary>
    public string Name { get; }

    /// <summary>Whether calls are sent one-way.</summary>
    public bool DisabledResponse => _disableResponse;

    /// <summary>For a function registered on this server engine: the provider id it is served under.</summary>
    internal ushort? ServerProviderId { get; }

    internal Engine Engine => _engine;

    /// <summary>Binds the function to an engine and a provider id, ready to call.</summary>
    /// <param name="address">The engine to call, from <c>LookupAsync</c>, <c>Engine.Address</c> or <see cref="Handle.Address"/>.</param>
    /// <param name="providerId">The provider to call, 0..65534.</param>
    /// <returns>The callable function.</returns>
    /// <exception cref="MargoException"><see cref="MargoErrorCode.NoEntry"/> after <see cref="Deregister"/>.</exception>
    public CallableRemoteFunction On(Address address, ushort providerId = 0)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (_deregistered)
        {
            throw new MargoException(MargoErrorCode.NoEntry, $"RPC '{Name}' was deregistered.", Name, providerId);
        }

        RpcNameRules.ValidateProviderId(providerId, Name);
        return new CallableRemoteFunction(this, address, providerId);
    }

    /// <summary>Makes calls one-way (or two-way again): a one-way <c>CallAsync</c> completes once the request is handed off.</summary>
    /// <param name="disable"><see langword="true"/> for one-way calls.</param>
    /// <returns>This function.</returns>
    public RemoteFunction DisableResponse(bool disable = true)
    {
        _disableResponse = disable;
        return this;
    }

    /// <summary>
    /// Removes the registration: a client-side function can no longer be bound; a server-side one stops being served
    /// and callers get <see cref="MargoErrorCode.NoEntry"/>.
    /// </summary>
    public void Deregister()
    {
        _deregistered = true;
        _engine.Deregister(this);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
