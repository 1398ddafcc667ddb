using MochiOrleans.Internal.Proxies;

namespace MochiOrleans;

public sealed partial class Engine
{
    /// <summary>
    /// A typed proxy of the provider <paramref name="providerId"/> at <paramref name="address"/>: each method of
    /// <typeparamref name="T"/> calls the RPC the provider rules name after it (the interface's
    /// <see cref="ProviderAttribute"/> service name, <see cref="RemoteAttribute.RpcName"/> or the method name in
    /// snake_case without a trailing <c>Async</c>). A <see cref="CancellationToken"/> parameter is the call's token and
    /// is not sent; <c>[Remote(DisableResponse = true)]</c> methods are one-way. Calls fail with the
    /// <see cref="MargoException"/> codes of <see cref="CallableRemoteFunction.CallAsync{T}(object?[], IReadOnlyDictionary{string, object?}?, TimeSpan?, CancellationToken)"/>
    /// and take the engine's default timeout.
    /// </summary>
    /// <typeparam name="T">An interface marked <see cref="ProviderAttribute"/> whose methods return <see cref="Task"/>,
    /// <see cref="Task{TResult}"/>, <see cref="ValueTask"/> or <see cref="ValueTask{TResult}"/>.</typeparam>
    /// <param name="address">The engine to call.</param>
    /// <param name="providerId">The provider to call, 0..65534.</param>
    /// <returns>The proxy; nothing is sent until a method is called. Its class is built once per interface.</returns>
    /// <exception cref="ArgumentException">
    /// <typeparamref name="T"/> is not an interface marked [Provider], or has a member a proxy cannot implement (the
    /// message names it; the MochiOrleans analyzers report it at compile time).
    /// </exception>
    /// <exception cref="MargoException"><see cref="MargoErrorCode.InvalidArgument"/> for the reserved provider id 65535.</exception>
    public T CreateProxy<T>(Address address, ushort providerId = 0)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(address);
        var factory = ProxyFactory.For(typeof(T));
        Internal.RpcNameRules.ValidateProviderId(providerId);
        return factory.Create<T>(this, address, providerId);
    }

    /// <summary>
    /// <see cref="CreateProxy{T}(Address, ushort)"/>, after checking (as Margo's <c>get_identity</c> does) that the
    /// provider <paramref name="providerId"/> at <paramref name="address"/> serves every RPC of <typeparamref name="T"/>.
    /// </summary>
    /// <typeparam name="T">An interface marked <see cref="ProviderAttribute"/>.</typeparam>
    /// <param name="address">The engine to call.</param>
    /// <param name="providerId">The provider to call, 0..65534.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The proxy.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> cannot be proxied, as for <see cref="CreateProxy{T}(Address, ushort)"/>.</exception>
    /// <exception cref="MargoException">
    /// <see cref="MargoErrorCode.NoEntry"/> naming the RPCs of <typeparamref name="T"/> not served there; the codes of a
    /// call for anything else (<see cref="MargoErrorCode.Unreachable"/>, <see cref="MargoErrorCode.Timeout"/>,
    /// <see cref="MargoErrorCode.Canceled"/>, <see cref="MargoErrorCode.Permission"/>).
    /// </exception>
    public async Task<T> CreateProxyAsync<T>(Address address, ushort providerId = 0, CancellationToken cancellationToken = default)
        where T : class
    {
        var proxy = CreateProxy<T>(address, providerId);
        await ProviderIdentityCheck.VerifyAsync(this, ProxyFactory.For(typeof(T)).Contract, address, providerId, cancellationToken).ConfigureAwait(false);
        return proxy;
    }
}
