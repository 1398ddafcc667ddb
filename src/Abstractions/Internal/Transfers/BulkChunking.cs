namespace MochiOrleans.Internal.Transfers;

/// <summary>
/// How bulk data moves: in chunks of <see cref="ChunkBytes"/>, <see cref="Window"/> of them in flight. Each chunk is one
/// Orleans message far below Orleans' message body limit and the frame guard's, and the memory a transfer holds beyond
/// the two buffers is at most a window of chunks, whatever its size.
/// </summary>
internal static class BulkChunking
{
    /// <summary>The bytes one chunk carries.</summary>
    public const int ChunkBytes = 1024 * 1024;

    /// <summary>
    /// How many chunks a transfer keeps in flight: two keep the connection busy while one chunk is being copied, and
    /// more only contended for the cores in the <c>--bulk</c> benchmark (1 MiB chunks with 2, 3 and 8 in flight, and
    /// 256 KiB to 4 MiB chunks, were measured; see docs/bulk.md).
    /// </summary>
    public const int Window = 2;

    /// <summary>
    /// The most an owner serves in one read: a peer asking for more (a hostile or broken one) is refused rather than
    /// answered with a message that could reach Orleans' size limit and close the connection.
    /// </summary>
    public const int MaxChunkBytes = 4 * ChunkBytes;
}
