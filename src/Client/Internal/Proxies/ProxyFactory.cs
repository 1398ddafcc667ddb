using System.Collections.Concurrent;
using MochiOrleans.CodeGeneration;

namespace MochiOrleans.Internal.Proxies;

/// <summary>Makes proxies of one contract: its emitted class is built on first use and shared by every engine.</summary>
internal sealed class ProxyFactory
{
    private static readonly ConcurrentDictionary<Type, Lazy<ProxyFactory>> Factories = new();

    private readonly Func<CallableRemoteFunction[], object> _construct;

    private ProxyFactory(ProxyContract contract)
    {
        Contract = contract;
        var generated = GeneratedProxies.Find(contract.Type);
        IsGenerated = generated is not null;
        _construct = generated is not null
            ? calls => generated(rpcName => CallOf(calls, rpcName))
            : ProxyTypeEmitter.Emit(contract);
    }

    /// <summary>Whether proxies of this contract are of a class the source generator wrote (else one emitted here).</summary>
    public bool IsGenerated { get; }

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

    // A generated class asks for its functions by RPC name; a name the runtime does not give the contract means the
    // generator and the runtime disagree on the naming rules, which must not pass silently.
    private CallableRemoteFunction CallOf(CallableRemoteFunction[] calls, string rpcName)
    {
        for (var i = 0; i < calls.Length; i++)
        {
            if (Contract.Methods[i].RpcName == rpcName)
            {
                return calls[i];
            }
        }

        throw new InvalidOperationException(
            $"The generated proxy of {Contract.Type.FullName} calls RPC '{rpcName}', which its contract does not name; rebuild it with this version of MochiOrleans.");
    }
}
