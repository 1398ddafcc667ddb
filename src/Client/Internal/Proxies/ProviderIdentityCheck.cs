using MochiOrleans.Grains;

namespace MochiOrleans.Internal.Proxies;

/// <summary>
/// Margo's <c>get_identity</c> check for a typed proxy: before handing it out, ask the dispatcher of the cluster behind
/// the address whether every RPC of the contract resolves under the provider id, so that a wrong address or id fails
/// at once, naming what is missing, instead of at the first call of each method.
/// </summary>
internal static class ProviderIdentityCheck
{
    /// <exception cref="MargoException">
    /// <see cref="MargoErrorCode.NoEntry"/> naming every RPC of the contract not served there; otherwise the codes a call
    /// would see (<see cref="MargoErrorCode.Unreachable"/>, <see cref="MargoErrorCode.Timeout"/>, ...).
    /// </exception>
    public static async Task VerifyAsync(Engine engine, ProxyContract contract, Address address, ushort providerId, CancellationToken cancellationToken)
    {
        if (contract.Methods.IsEmpty)
        {
            return;
        }

        var names = contract.Methods.Select(m => m.RpcName).ToArray();
        engine.ThrowIfCannotCall(names[0], providerId);
        using var deadline = CallDeadline.Start(engine.DefaultCallTimeout, cancellationToken);
        RpcResolution[] resolutions;
        try
        {
            var connection = (await engine.Router.GetRouteAsync(address, deadline.Token).ConfigureAwait(false)).Connection;

            // Asked afresh, not from the route cache: a cached route may be stale, and this is the moment to find out.
            resolutions = await Task.WhenAll(names.Select(name => connection.Dispatcher.ResolveAsync(name, providerId)))
                .WaitAsync(deadline.Token)
                .ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            throw CallFailure.From(exception, names[0], providerId, deadline.Expired);
        }

        var missing = new List<string>();
        for (var i = 0; i < names.Length; i++)
        {
            if (resolutions[i].Error is { } error)
            {
                if (error.Code != MargoErrorCode.NoEntry)
                {
                    throw ResponseConversion.ToException(error, names[i], providerId);
                }

                missing.Add(names[i]);
            }
        }

        if (missing.Count > 0)
        {
            throw new MargoException(
                MargoErrorCode.NoEntry,
                $"Provider {providerId} at {address} does not serve {contract.Type.Name}: no {string.Join(", ", missing.Select(n => $"'{n}'"))} "
                + $"({missing.Count} of its {names.Length} RPCs).",
                missing[0],
                providerId);
        }
    }
}
