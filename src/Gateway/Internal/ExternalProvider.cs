using System.Collections.Frozen;
using MochiOrleans.Gateway.Protocol;
using MochiOrleans.Grains;
using MochiOrleans.Internal.Invocation;
using MochiOrleans.Internal.Providers;

namespace MochiOrleans.Gateway.Internal;

/// <summary>
/// A provider registered through a gateway session: the silo serves its RPCs and this forwards each call over the
/// session's stream, answering the caller with what the engine answers.
/// </summary>
internal sealed class ExternalProvider(GatewaySession session, string serviceName, ushort providerId, FrozenSet<string> oneWay, bool hasHooks) : IExternalProvider
{
    public string ServiceName { get; } = serviceName;

    public ushort ProviderId { get; } = providerId;

    public string EngineAddress => session.Address;

    public async Task ForwardAsync(object?[] args, IReadOnlyDictionary<string, object?>? kwargs, Handle handle, CancellationToken cancellationToken)
    {
        var disableResponse = oneWay.Contains(handle.RpcName);
        var call = new IncomingCall
        {
            RpcName = handle.RpcName,
            ProviderId = handle.ProviderId,
            Caller = handle.Address.ToString(),
            DisableResponse = disableResponse,
        };
        try
        {
            foreach (var arg in args)
            {
                call.Args.Add(ValueEncoder.Encode(arg, session.MaxNestingDepth));
            }

            if (kwargs is { Count: > 0 })
            {
                call.Kwargs = ValueEncoder.Encode(kwargs, session.MaxNestingDepth);
            }
        }
        catch (MargoException exception)
        {
            // What a .NET caller sent may have no gateway form (a record, a custom class): the caller's mistake.
            throw new ForwardedFailure(new RpcError(
                MochiOrleans.MargoErrorCode.InvalidArgument,
                $"RPC '{handle.RpcName}' is served by an engine outside .NET, which cannot take these arguments: {exception.Message}"));
        }

        if (disableResponse)
        {
            session.Post(call);
            handle.Respond(null);
            return;
        }

        handle.Respond(await session.ForwardAsync(call, cancellationToken).ConfigureAwait(false));
    }

    public Task ReleasedAsync()
    {
        if (hasHooks)
        {
            session.Post(new RunHooks { ServiceName = ServiceName, ProviderId = ProviderId });
        }

        return Task.CompletedTask;
    }
}
