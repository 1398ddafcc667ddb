using MochiOrleans.Internal.Transfers;

namespace MochiOrleans.Grains;

/// <summary>
/// The memory a client engine exposes with <c>Engine.CreateBulk</c>, as silos reach it: a client engine's address
/// (<c>client://...</c>) cannot be called back, but an Orleans observer the client registered on its own connection can.
/// Only someone given a bulk's descriptor knows its 128-bit random id, which every call names.
/// </summary>
[Alias("mochi.IBulkObserver")]
internal interface IBulkObserver : IGrainObserver
{
    /// <summary>Reads <paramref name="length"/> bytes at <paramref name="offset"/> of the bulk <paramref name="id"/>.</summary>
    [Alias("ReadAsync")]
    Task<BulkReply> ReadAsync(Guid id, long offset, int length);

    /// <summary>Writes <paramref name="data"/> at <paramref name="offset"/> of the bulk <paramref name="id"/>; done when it has landed.</summary>
    [Alias("WriteAsync")]
    Task<BulkReply> WriteAsync(Guid id, long offset, BulkBytes data);

    /// <summary>
    /// Checks a transfer of <paramref name="length"/> bytes at <paramref name="offset"/> of the bulk <paramref name="id"/>
    /// like a chunk, then connects to the transferring silo's data listener with the ticket of <paramref name="offer"/>
    /// and moves the bytes there; answers once the listener admitted the connection.
    /// </summary>
    [Alias("ConnectChannelAsync")]
    Task<BulkChannelReply> ConnectChannelAsync(Guid id, BulkOperation operation, long offset, long length, BulkChannelOffer offer);
}
