using Microsoft.Extensions.Options;

namespace MochiOrleans.Internal;

/// <summary>
/// Presents this engine's <see cref="EngineOptions.AccessToken"/> with every call it makes into a cluster, and its
/// <see cref="EngineOptions.AdminToken"/> with the calls that need it (<see cref="ClientCallRules"/>).
/// </summary>
/// <remarks>
/// The tokens travel in Orleans' <c>RequestContext</c>: Orleans' connection handshake carries no application data.
/// Presenting is async so that the values set here stay with this call and never leak into the caller's context.
/// </remarks>
internal sealed class AccessTokenCallFilter(IOptions<EngineOptions> options) : IOutgoingGrainCallFilter
{
    public Task Invoke(IOutgoingGrainCallContext context)
    {
        // Every grain call of the client passes here, typed calls included: with no token to present nothing is set,
        // so nothing can leak into the caller's context, and the call is spared a state machine of its own.
        var engine = options.Value;
        return engine.AccessToken is null && engine.AdminToken is null ? context.Invoke() : PresentTokensAsync(context, engine);
    }

    private static async Task PresentTokensAsync(IOutgoingGrainCallContext context, EngineOptions engine)
    {
        if (engine.AccessToken is { } access)
        {
            RequestContext.Set(AccessTokenHeaders.AccessToken, access);
        }

        if (engine.AdminToken is { } admin && ClientCallRules.For(context.InterfaceMethod?.DeclaringType, context.MethodName) == ClientAccess.Admin)
        {
            RequestContext.Set(AccessTokenHeaders.AdminToken, admin);
        }

        await context.Invoke().ConfigureAwait(false);
    }
}
