namespace MochiOrleans.Internal.Transfers;

/// <summary>
/// What one data channel moves: a range of one bulk, one way. A ticket is bound to it: the connection that presents
/// the ticket must name the same binding, so a ticket obtained for one range cannot move another.
/// </summary>
/// <param name="BulkId">The bulk's random id.</param>
/// <param name="Operation">Pull: the owner sends the bytes; push: the owner receives them.</param>
/// <param name="Offset">Where the range starts in the bulk.</param>
/// <param name="Length">How many bytes it holds.</param>
internal readonly record struct BulkChannelBinding(Guid BulkId, BulkOperation Operation, long Offset, long Length);
