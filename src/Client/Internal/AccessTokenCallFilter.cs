using Microsoft.Extensions.Options;

namespace MochiOrleans.Internal;

/// <summary>
/// Presents this engine's <see cref="EngineOptions.AccessToken"/> with every call it makes into a cluster, and its
/// <see cref="EngineOptions.AdminToken"/> with the calls that need it (<see cref="ClientCallRules"/>).
/// </summary>
/// <remarks>
/// The tokens travel in Orleans' <c>RequestContext</c>: Orleans' connection handshake carries no application data.
/// The method is async so that the values set here stay with this call and never leak into the caller's context.
/// </remarks>
internal sealed class AccessTokenCallFilter(IOptions<EngineOptions> options) : IOutgoingGrainCallFilter
{
    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        var engine = options.Value;
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
