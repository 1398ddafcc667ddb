using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using MochiOrleans.Grains;
using MochiOrleans.Internal.Tls;
using MochiOrleans.Internal.Transfers;

namespace MochiOrleans.Internal;

/// <summary>
/// Opens bulk data channels to silos' listeners with the engine's own transport security: plain TCP when TLS is off;
/// when <see cref="EngineOptions.TlsCaPath"/> is set, TLS with the certificate and CA of the engine's
/// <see cref="EngineTls"/> (the one its Orleans connections use), so that the channel is exactly as trusted as they are.
/// </summary>
/// <param name="tls">The engine's TLS.</param>
internal sealed class BulkChannelDialer(EngineTls tls) : IBulkChannelDialer
{
    public async Task<Stream> ConnectAsync(BulkChannelOffer offer, BulkChannelBinding binding, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(IPAddress.Parse(offer.Host), offer.Port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        Stream stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            if (tls.Enabled)
            {
                var secure = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = secure;
                await secure.AuthenticateAsClientAsync(TlsStreamAuthentication.Client(tls.ForOutbound(), offer.Host), cancellationToken).ConfigureAwait(false);
            }

            await BulkChannelHandshake.WriteAsync(stream, offer.Slot, offer.Ticket, binding, cancellationToken).ConfigureAwait(false);
            await BulkChannelHandshake.ReadStatusAsync(stream, cancellationToken).ConfigureAwait(false);
            return stream;
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
