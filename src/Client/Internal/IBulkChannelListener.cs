using MochiOrleans.Grains;
using MochiOrleans.Internal.Transfers;

namespace MochiOrleans.Internal;

/// <summary>
/// A silo's bulk data listener (MochiOrleans.Silo implements it): connections always go toward a silo, admitted by a
/// ticket the silo handed out through an Orleans call.
/// </summary>
internal interface IBulkChannelListener
{
    /// <summary>Whether the listener has started (and not stopped): only then can it hand out tickets.</summary>
    bool IsListening { get; }

    /// <summary>
    /// A ticket for a connection this silo waits for: it transfers with a client engine's bulk, whose owner connects
    /// here when its observer is asked to.
    /// </summary>
    BulkChannelSlot Expect(BulkChannelBinding binding);

    /// <summary>
    /// A ticket for a connection to a bulk this silo's engine owns: the connection, once admitted, goes to
    /// <paramref name="serve"/>.
    /// </summary>
    BulkChannelOffer Offer(BulkChannelBinding binding, Action<Stream> serve);
}
