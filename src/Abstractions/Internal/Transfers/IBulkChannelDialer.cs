using MochiOrleans.Grains;

namespace MochiOrleans.Internal.Transfers;

/// <summary>
/// Opens a bulk data channel to a silo's listener with the engine's transport security (TLS with its certificate and
/// CA when <c>Mochi:TlsCaPath</c> is set) and presents a ticket; implemented by the engine, which owns the TLS settings.
/// </summary>
internal interface IBulkChannelDialer
{
    /// <summary>Connects to <paramref name="offer"/>, presents its ticket for <paramref name="binding"/>, and returns the admitted stream.</summary>
    /// <exception cref="MargoException">The listener refused the ticket (<see cref="MargoErrorCode.Permission"/>).</exception>
    /// <exception cref="IOException">No connection or no TLS session could be made.</exception>
    Task<Stream> ConnectAsync(BulkChannelOffer offer, BulkChannelBinding binding, CancellationToken cancellationToken);
}
