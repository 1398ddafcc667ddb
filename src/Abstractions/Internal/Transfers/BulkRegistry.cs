using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using MochiOrleans.Grains;

namespace MochiOrleans.Internal.Transfers;

/// <summary>
/// The bulks one engine exposes, by id, and the owner's side of every chunk: mode and range checks, then a copy to or
/// from the exposed memory. A remote engine's claims are never trusted: it only knows an id, and the owner checks the
/// rest against the bulk it created.
/// </summary>
/// <param name="ownerAddress">The engine's address string, put in descriptors.</param>
/// <param name="siloKey">For a server engine, its silo's key (its bulks are reached through the silo's bulk grain).</param>
/// <param name="home">For a server engine, its silo's grain factory: descriptors sent through any other connection (to
/// another cluster) carry an observer instead of the silo key, which means nothing there.</param>
/// <param name="dialer">Opens data channels to silos' listeners when a silo asks this engine's observer to connect;
/// <see langword="null"/> answers such requests with "no channel" (the silo then uses Orleans messages).</param>
/// <param name="idle">How long a data channel this engine serves may stay silent before it is dropped.</param>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "The closing token has no timer to release; Close cancels it, and the registry lives as long as its engine.")]
internal sealed class BulkRegistry(Func<string> ownerAddress, string? siloKey, IGrainFactory? home = null, IBulkChannelDialer? dialer = null, TimeSpan? idle = null)
{
    private readonly ConcurrentDictionary<Guid, MochiOrleans.Bulk> _exposed = new();
    private readonly ConcurrentDictionary<IGrainFactory, IBulkObserver> _observers = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<Task, byte> _serving = new();
    private readonly CancellationTokenSource _closing = new();
    private BulkObserver? _observer;
    private volatile bool _closed;

    public string OwnerAddress => ownerAddress();

    /// <summary>The silo key of a server engine, <see langword="null"/> for a client engine.</summary>
    public string? SiloKey => siloKey;

    /// <summary>Exposes <paramref name="memory"/> under a fresh random id.</summary>
    public MochiOrleans.Bulk Expose(Memory<byte> memory, BulkMode mode)
    {
        Span<byte> random = stackalloc byte[16];
        while (true)
        {
            RandomNumberGenerator.Fill(random);
            var bulk = new MochiOrleans.Bulk(this, new Guid(random), memory, mode);
            if (_exposed.TryAdd(bulk.Id, bulk))
            {
                return bulk;
            }
        }
    }

    public void Remove(MochiOrleans.Bulk bulk) => _exposed.TryRemove(new KeyValuePair<Guid, MochiOrleans.Bulk>(bulk.Id, bulk));

    /// <summary>Whether <paramref name="bulk"/> is still exposed here (not disposed, engine not finalized).</summary>
    public bool IsExposed(MochiOrleans.Bulk bulk) => !_closed && _exposed.TryGetValue(bulk.Id, out var found) && ReferenceEquals(found, bulk);

    /// <summary>The engine finalized: every later chunk is answered <see cref="MargoErrorCode.Unreachable"/>.</summary>
    public void Close()
    {
        _closed = true;
        _exposed.Clear();

        // The channels being served stop at their next frame anyway; this also ends those waiting on a silent peer.
        try
        {
            _closing.Cancel();
        }
        catch (AggregateException)
        {
            // A registration on the token threw: the channels it belonged to are closing regardless.
        }
    }

    /// <summary>How long a data channel may stay silent: the engine's default call timeout, like a chunk's answer.</summary>
    public TimeSpan Idle => idle ?? TimeSpan.FromSeconds(30);

    /// <summary>The data channels this engine is serving now.</summary>
    public int ServingCount => _serving.Count;

    /// <summary>
    /// The owner's checks of a whole transfer before a channel moves it, the same as every chunk's: the bulk is
    /// exposed here, its mode allows the operation, the range lies inside it.
    /// </summary>
    public BulkChannelReply? CheckChannel(BulkChannelBinding binding)
    {
        if (binding.Length is < 0 or > int.MaxValue)
        {
            return BulkChannelReply.Refused(MargoErrorCode.InvalidArgument, $"A range of {binding.Length} bytes is not a range of an exposed buffer.");
        }

        if (Find(binding.BulkId, binding.Offset, (int)binding.Length) is { } refusal)
        {
            return BulkChannelReply.Refused(refusal.Error!.Value, refusal.Message!);
        }

        var bulk = _exposed[binding.BulkId];
        return binding.Operation == BulkOperation.Pull && !bulk.IsReadable
            ? BulkChannelReply.Refused(MargoErrorCode.Permission, $"The bulk is {bulk.Mode}: it cannot be pulled from.")
            : binding.Operation == BulkOperation.Push && !bulk.IsWritable
                ? BulkChannelReply.Refused(MargoErrorCode.Permission, $"The bulk is {bulk.Mode}: it cannot be pushed to.")
                : null;
    }

    /// <summary>
    /// A silo asks this engine (a client, reached through its observer) to move a range over a data channel: checked
    /// like a chunk, then this engine connects to the silo's listener and, once admitted, serves the range there.
    /// </summary>
    public async Task<BulkChannelReply> ConnectChannelAsync(BulkChannelBinding binding, BulkChannelOffer offer)
    {
        if (CheckChannel(binding) is { } refusal)
        {
            return refusal;
        }

        if (dialer is null)
        {
            return BulkChannelReply.Off;
        }

        Stream stream;
        try
        {
            using var connecting = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
            connecting.CancelAfter(Idle);
            stream = await dialer.ConnectAsync(offer, binding, connecting.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            return BulkChannelReply.NoChannel($"Cannot open a data channel to {offer.Host}:{offer.Port}: {exception.Message}");
        }

        Serve(stream, binding);
        return BulkChannelReply.Connected;
    }

    /// <summary>
    /// Serves an admitted data channel until the range has moved or failed, in the background; the transferring
    /// engine learns the outcome on the channel itself.
    /// </summary>
    public void Serve(Stream stream, BulkChannelBinding binding)
    {
        var serving = ServeAsync(stream, binding);
        _serving.TryAdd(serving, 0);
        _ = serving.ContinueWith(static (t, s) => ((ConcurrentDictionary<Task, byte>)s!).TryRemove(t, out _), _serving, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// The owner's side of one channel: sends the range (pull) or receives it into the bulk (push), checking before
    /// every frame that the bulk is still exposed and the engine not finalized, as it checks every chunk.
    /// </summary>
    private async Task ServeAsync(Stream stream, BulkChannelBinding binding)
    {
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                if (CheckChannel(binding) is { } refusal || !_exposed.TryGetValue(binding.BulkId, out var bulk))
                {
                    return;
                }

                var range = bulk.Memory.Slice((int)binding.Offset, (int)binding.Length);
                BulkRefusal? Check() =>
                    _closed ? new BulkRefusal(MargoErrorCode.Unreachable, "The engine that owns the bulk has finalized.")
                    : IsExposed(bulk) ? null
                    : new BulkRefusal(MargoErrorCode.NoEntry, "The bulk was disposed during the transfer.");
                if (binding.Operation == BulkOperation.Pull)
                {
                    await BulkChannelStream.SendAsync(stream, range, Check, progress: null, Idle, _closing.Token).ConfigureAwait(false);
                }
                else
                {
                    await BulkChannelStream.ReceiveAsync(stream, range, Check, progress: null, Idle, _closing.Token).ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (exception is IOException or MargoException or TimeoutException or OperationCanceledException or ObjectDisposedException)
            {
                // The transferring engine sees the failure on its end of the channel (or caused it: cancelled, gone).
            }
        }
    }

    /// <summary>
    /// This client engine's observer on the connection behind <paramref name="grains"/>, registered on first use. The
    /// registry holds the observer object: Orleans only keeps a weak reference to it.
    /// </summary>
    public IBulkObserver ObserverFor(IGrainFactory grains) =>
        _observers.GetOrAdd(grains, static (g, registry) =>
        {
            var observer = LazyInitializer.EnsureInitialized(ref registry._observer, () => new BulkObserver(registry));
            return g.CreateObjectReference<IBulkObserver>(observer);
        }, this);

    /// <summary>
    /// The descriptor of a bulk exposed here, sent through the runtime behind <paramref name="grains"/>: a server
    /// engine's own silo is reached by its key; anything else (a client engine, or a server engine calling into another
    /// cluster) needs an observer on that connection.
    /// </summary>
    /// <param name="bulk">The bulk.</param>
    /// <param name="grains">The grain factory of the serializing runtime; <see langword="null"/> outside any runtime.</param>
    public BulkDescriptor Describe(MochiOrleans.Bulk bulk, IGrainFactory? grains) =>
        siloKey is not null && (grains is null || ReferenceEquals(grains, home))
            ? new(bulk.Id, bulk.Size, bulk.Mode, OwnerAddress, siloKey, null)
            : new(bulk.Id, bulk.Size, bulk.Mode, OwnerAddress, null, ObserverFor(grains ?? throw new InvalidOperationException("A client engine's bulk can only travel through an Orleans runtime.")));

    public BulkReply Read(Guid id, long offset, int length)
    {
        if (Find(id, offset, length) is { } refusal)
        {
            return refusal;
        }

        var bulk = _exposed[id];
        if (!bulk.IsReadable)
        {
            return BulkReply.Refused(MargoErrorCode.Permission, $"The bulk is {bulk.Mode}: it cannot be pulled from.");
        }

        if (length > BulkChunking.MaxChunkBytes)
        {
            return BulkReply.Refused(MargoErrorCode.InvalidArgument, $"A chunk of {length} bytes is over the {BulkChunking.MaxChunkBytes} bytes an owner serves at once.");
        }

        // The slice itself, not a copy: Orleans serializes it into the response.
        return new BulkReply(null, null, new BulkBytes(bulk.Memory.Slice((int)offset, length)));
    }

    /// <summary>Writes a received chunk into the bulk, then returns the chunk's pooled array.</summary>
    public BulkReply Write(Guid id, long offset, BulkBytes data)
    {
        try
        {
            if (data.RefusedLength != 0)
            {
                return BulkReply.Refused(MargoErrorCode.InvalidArgument, $"A chunk of {data.RefusedLength} bytes is over the {BulkChunking.MaxChunkBytes} bytes an owner accepts at once.");
            }

            if (Find(id, offset, data.Memory.Length) is { } refusal)
            {
                return refusal;
            }

            var bulk = _exposed[id];
            if (!bulk.IsWritable)
            {
                return BulkReply.Refused(MargoErrorCode.Permission, $"The bulk is {bulk.Mode}: it cannot be pushed to.");
            }

            data.Memory.Span.CopyTo(bulk.Memory.Span.Slice((int)offset, data.Memory.Length));
            return BulkReply.Written;
        }
        finally
        {
            data.Release();
        }
    }

    private BulkReply? Find(Guid id, long offset, int length)
    {
        if (_closed)
        {
            return BulkReply.Refused(MargoErrorCode.Unreachable, "The engine that owns the bulk has finalized.");
        }

        if (!_exposed.TryGetValue(id, out var bulk))
        {
            return BulkReply.Refused(MargoErrorCode.NoEntry, "No such bulk: it was disposed, or never exposed here.");
        }

        return offset < 0 || length < 0 || offset > bulk.Size - length
            ? BulkReply.Refused(MargoErrorCode.InvalidArgument, $"Bytes {offset}..{offset + length} are outside the bulk's {bulk.Size} bytes.")
            : null;
    }
}
