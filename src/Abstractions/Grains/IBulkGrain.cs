using MochiOrleans.Internal.Transfers;

namespace MochiOrleans.Grains;

/// <summary>
/// The memory a server engine exposes with <c>Engine.CreateBulk</c>: one grain per silo, keyed by the silo's address
/// and always placed on that silo. Clients may call it (on the allow-list, behind the access token); every call names
/// the bulk's 128-bit random id, which only someone given its descriptor knows.
/// </summary>
[Alias("mochi.IBulkGrain")]
internal interface IBulkGrain : IGrainWithStringKey
{
    /// <inheritdoc cref="IBulkObserver.ReadAsync"/>
    [Alias("ReadAsync")]
    Task<BulkReply> ReadAsync(Guid id, long offset, int length);

    /// <inheritdoc cref="IBulkObserver.WriteAsync"/>
    [Alias("WriteAsync")]
    Task<BulkReply> WriteAsync(Guid id, long offset, BulkBytes data);

    /// <summary>
    /// Checks a transfer of <paramref name="length"/> bytes at <paramref name="offset"/> of the bulk <paramref name="id"/>
    /// like a chunk, and offers a ticket to move them over the silo's data listener; no offer when the listener is off.
    /// </summary>
    [Alias("OpenChannelAsync")]
    Task<BulkChannelReply> OpenChannelAsync(Guid id, BulkOperation operation, long offset, long length);
}
