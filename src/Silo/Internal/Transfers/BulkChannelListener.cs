using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MochiOrleans.Grains;
using MochiOrleans.Internal.Tls;
using MochiOrleans.Internal.Transfers;
using Orleans.Configuration;
using Orleans.Runtime;

namespace MochiOrleans.Internal.Transfers;

/// <summary>
/// The silo's bulk data listener: one TCP port (<see cref="EngineOptions.BulkChannelPort"/>, a free one by default) on
/// the silo's advertised address, admitting only connections that present a ticket this silo handed out through an
/// Orleans call (a bulk grain's offer, or the offer sent to a client's observer). Under
/// <see cref="EngineOptions.TlsCaPath"/> every connection is TLS with the silo's certificate and the gateway's rule on
/// client certificates, before a single byte of the handshake is read.
/// </summary>
/// <remarks>
/// A ticket is 128 random bits, compared in constant time, bound to one (bulk, operation, range), usable once, and
/// only for <c>BulkChannelTicketLifetime</c> (10 s). A connection that presents anything else is answered with
/// <see cref="MargoErrorCode.Permission"/> and closed, before any bulk byte moves.
/// </remarks>
internal sealed partial class BulkChannelListener(
    IOptions<EngineOptions> options,
    ILocalSiloDetails silo,
    IOptions<EndpointOptions> endpoints,
    EngineTls tls,
    ILogger<BulkChannelListener> logger) : IBulkChannelListener, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly ConcurrentDictionary<long, Pending> _pending = new();
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeSpan _lifetime = options.Value.BulkChannelTicketLifetime;
    private readonly int _maxHandshakes = options.Value.BulkChannelMaxHandshakes;
    private int _handshakes;
    private int _saturated;
    private Socket? _socket;
    private Task? _accepting;

    /// <summary>The endpoint clients are told to connect to; set once the listener started.</summary>
    public IPEndPoint? Endpoint { get; private set; }

    public bool IsListening => Endpoint is not null && !_stopping.IsCancellationRequested;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(BulkChannelListener), ServiceLifecycleStage.RuntimeInitialize, StartAsync, StopAsync);

    public BulkChannelSlot Expect(BulkChannelBinding binding)
    {
        BulkChannelSlot? slot = null;
        var offer = Add(binding, stream => slot!.Admit(stream), out var key);
        slot = new BulkChannelSlot(offer, () => _pending.TryRemove(key, out _));
        return slot;
    }

    public BulkChannelOffer Offer(BulkChannelBinding binding, Action<Stream> serve) => Add(binding, serve, out _);

    public void Dispose()
    {
        _stopping.Dispose();
        _socket?.Dispose();
    }

    private BulkChannelOffer Add(BulkChannelBinding binding, Action<Stream> admit, out long key)
    {
        var endpoint = Endpoint ?? throw new InvalidOperationException("The bulk data listener has not started.");
        Sweep();
        var ticket = new Guid(RandomNumberGenerator.GetBytes(16));
        var expires = TimeProvider.System.GetTimestamp() + (long)(_lifetime.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (true)
        {
            key = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8));
            if (_pending.TryAdd(key, new Pending(ticket, binding, expires, admit)))
            {
                return new BulkChannelOffer(endpoint.Address.ToString(), endpoint.Port, key, ticket);
            }
        }
    }

    private void Sweep()
    {
        var now = TimeProvider.System.GetTimestamp();
        foreach (var (key, pending) in _pending)
        {
            if (pending.Expires < now)
            {
                _pending.TryRemove(new KeyValuePair<long, Pending>(key, pending));
            }
        }
    }

    private Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.EnableBulkChannel)
        {
            LogOff(logger);
            return Task.CompletedTask;
        }

        var advertised = silo.SiloAddress.Endpoint.Address;
        var bind = endpoints.Value.SiloListeningEndpoint?.Address ?? advertised;
        var socket = new Socket(bind.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(bind, options.Value.BulkChannelPort));
            socket.Listen(512);
        }
        catch (SocketException exception)
        {
            socket.Dispose();
            throw new MargoException(
                exception.SocketErrorCode == SocketError.AddressAlreadyInUse ? MargoErrorCode.AlreadyExists : MargoErrorCode.InvalidArgument,
                $"{EngineOptions.SectionName}:{nameof(EngineOptions.BulkChannelPort)}: cannot listen on {bind}:{options.Value.BulkChannelPort}: {exception.Message}",
                innerException: exception);
        }

        _socket = socket;
        Endpoint = new IPEndPoint(advertised, ((IPEndPoint)socket.LocalEndPoint!).Port);
        LogListening(logger, Endpoint, tls.Enabled);
        _accepting = AcceptAsync(socket, _stopping.Token);
        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_socket is null)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        _pending.Clear();
        await Task.WhenAll(_connections.Keys.Append(_accepting!)).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task AcceptAsync(Socket socket, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await socket.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException && stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException exception)
            {
                LogAcceptFailed(logger, exception);
                continue;
            }

            if (Interlocked.Increment(ref _handshakes) > _maxHandshakes)
            {
                Interlocked.Decrement(ref _handshakes);
                accepted.Dispose();
                if (Interlocked.Exchange(ref _saturated, 1) == 0)
                {
                    LogSaturated(logger, _maxHandshakes);
                }

                continue;
            }

            Volatile.Write(ref _saturated, 0);
            var admitting = AdmitAsync(accepted, stopping);
            _connections.TryAdd(admitting, 0);
            _ = admitting.ContinueWith(
                static (t, s) =>
                {
                    var listener = (BulkChannelListener)s!;
                    listener._connections.TryRemove(t, out _);
                    Interlocked.Decrement(ref listener._handshakes);
                },
                this,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    /// <summary>TLS if on, then the handshake, within the ticket lifetime; the admitted stream goes to its ticket's owner.</summary>
    private async Task AdmitAsync(Socket socket, CancellationToken stopping)
    {
        socket.NoDelay = true;
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        var remote = socket.RemoteEndPoint;
        var admitted = false;
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            deadline.CancelAfter(_lifetime);
            if (tls.Enabled)
            {
                var secure = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = secure;
                await secure.AuthenticateAsServerAsync(TlsStreamAuthentication.Server(tls.ForInbound(tls.RequireClientCertificate)), deadline.Token).ConfigureAwait(false);
            }

            if (await BulkChannelHandshake.ReadAsync(stream, deadline.Token).ConfigureAwait(false) is not { } presented)
            {
                LogRefused(logger, remote, "not a bulk channel handshake");
                return;
            }

            if (Refusal(presented, out var ticket) is { } refusal)
            {
                LogRefused(logger, remote, refusal);
                await BulkChannelHandshake.WriteStatusAsync(stream, MargoErrorCode.Permission, refusal, deadline.Token).ConfigureAwait(false);
                return;
            }

            await BulkChannelHandshake.WriteStatusAsync(stream, null, null, deadline.Token).ConfigureAwait(false);
            admitted = true;
            ticket!.Admit(stream);
        }
        catch (Exception exception)
        {
            // A plaintext peer under TLS, an untrusted certificate, a peer that never finished its handshake: this
            // connection ends here, and the listener goes on.
            LogRefused(logger, remote, exception.Message);
        }
        finally
        {
            if (!admitted)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Why a presented ticket is refused; <see langword="null"/> (and the ticket used up) if it is good.</summary>
    private string? Refusal(BulkChannelHandshake.Presented presented, out Pending? admitted)
    {
        admitted = null;
        if (!_pending.TryGetValue(presented.Slot, out var pending))
        {
            return "The bulk channel ticket is unknown: never issued here, already used, or expired.";
        }

        Span<byte> expected = stackalloc byte[16];
        Span<byte> given = stackalloc byte[16];
        pending.Ticket.TryWriteBytes(expected);
        presented.Ticket.TryWriteBytes(given);
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            return "The bulk channel ticket is wrong.";
        }

        if (pending.Binding != presented.Binding)
        {
            return "The bulk channel ticket was issued for another transfer (bulk, operation or range).";
        }

        if (pending.Expires < TimeProvider.System.GetTimestamp())
        {
            _pending.TryRemove(new KeyValuePair<long, Pending>(presented.Slot, pending));
            return $"The bulk channel ticket expired ({_lifetime} after it was issued).";
        }

        if (!_pending.TryRemove(new KeyValuePair<long, Pending>(presented.Slot, pending)))
        {
            return "The bulk channel ticket is unknown: never issued here, already used, or expired.";
        }

        admitted = pending;
        return null;
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Bulk data listener on {Endpoint} (TLS: {Tls}).")]
    private static partial void LogListening(ILogger logger, IPEndPoint endpoint, bool tls);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "Refused a bulk data channel from {Remote}: {Reason}")]
    private static partial void LogRefused(ILogger logger, EndPoint? remote, string reason);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "The bulk data listener failed to accept a connection.")]
    private static partial void LogAcceptFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Information,
        Message = "Bulk data channel off (Mochi:EnableBulkChannel): transfers with this engine's bulks move as Orleans messages.")]
    private static partial void LogOff(ILogger logger);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Warning,
        Message = "The bulk data listener closes new connections: {Count} are already negotiating (TLS or ticket). Transfers asking for a channel now fall back to Orleans messages.")]
    private static partial void LogSaturated(ILogger logger, int count);

    private sealed record Pending(Guid Ticket, BulkChannelBinding Binding, long Expires, Action<Stream> Admit);
}
