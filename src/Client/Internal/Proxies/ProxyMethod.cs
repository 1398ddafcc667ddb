using System.Reflection;

namespace MochiOrleans.Internal.Proxies;

/// <summary>One method of a <see cref="ProviderAttribute">[Provider]</see> interface, analysed once: the RPC it calls and how.</summary>
/// <param name="Method">The interface method the proxy implements.</param>
/// <param name="RpcName">The full RPC name, as the provider rules give it.</param>
/// <param name="DisableResponse">Whether the method is one-way (<c>[Remote(DisableResponse = true)]</c>).</param>
/// <param name="Return">The task shape it returns.</param>
/// <param name="ResultType">The <c>T</c> of <see cref="Task{TResult}"/> or <see cref="ValueTask{TResult}"/>; <see langword="null"/> otherwise.</param>
/// <param name="CancellationIndex">The position of its <see cref="CancellationToken"/> parameter (the call's token, not sent), or -1.</param>
internal sealed record ProxyMethod(
    MethodInfo Method, string RpcName, bool DisableResponse, ProxyReturn Return, Type? ResultType, int CancellationIndex)
{
    /// <summary>How many arguments travel: every parameter but the token.</summary>
    public int ArgumentCount => Method.GetParameters().Length - (CancellationIndex >= 0 ? 1 : 0);
}
