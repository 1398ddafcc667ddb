using System.Collections.Concurrent;

namespace MochiOrleans.Internal.Proxies;

/// <summary>Makes proxies of one contract: its emitted class is built on first use and shared by every engine.</summary>
internal sealed class ProxyFactory
{
    private static readonly ConcurrentDictionary<Type, Lazy<ProxyFactory>> Factories = new();

    private readonly Func<CallableRemoteFunction[], object> _construct;

    private ProxyFactory(ProxyContract contract)
    {
        Contract = contract;
        _construct = ProxyTypeEmitter.Emit(contract);
    }

    public ProxyContract Contract { get; }

    /// <summary>The factory of <paramref name="type"/>; its analysis and emission run once, even when raced.</summary>
    /// <exception cref="ArgumentException"><paramref name="type"/> cannot be proxied; the message says which member and why.</exception>
    public static ProxyFactory For(Type type)
    {
        // The contract is analysed outside the Lazy so that a refused type throws on every attempt, not a cached failure.
        var contract = ProxyContract.For(type);
        return Factories.GetOrAdd(type, _ => new Lazy<ProxyFactory>(() => new ProxyFactory(contract))).Value;
    }

    /// <summary>A proxy whose methods call the provider <paramref name="providerId"/> at <paramref name="address"/>.</summary>
    public T Create<T>(Engine engine, Address address, ushort providerId)
        where T : class
    {
        var calls = new CallableRemoteFunction[Contract.Methods.Length];
        for (var i = 0; i < calls.Length; i++)
        {
            var method = Contract.Methods[i];
            calls[i] = new RemoteFunction(engine, method.RpcName, method.DisableResponse, serverProviderId: null).On(address, providerId);
        }

        return (T)_construct(calls);
    }
}
