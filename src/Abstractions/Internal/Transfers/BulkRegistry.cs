using System.Collections.Concurrent;
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
internal sealed class BulkRegistry(Func<string> ownerAddress, string? siloKey, IGrainFactory? home = null)
{
    private readonly ConcurrentDictionary<Guid, MochiOrleans.Bulk> _exposed = new();
    private readonly ConcurrentDictionary<IGrainFactory, IBulkObserver> _observers = new(ReferenceEqualityComparer.Instance);
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
