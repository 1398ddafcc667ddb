using Microsoft.Extensions.Logging;
using MochiOrleans.Internal.Transfers;

namespace MochiOrleans.Internal;

/// <summary>
/// An engine's side of bulk data channels: the dialer (every engine connects), the silo's listener (server engines
/// with <see cref="EngineOptions.EnableBulkChannel"/>), and how many transfers took which path.
/// </summary>
/// <param name="dialer">Opens channels with the engine's TLS.</param>
/// <param name="listener">The silo's listener; <see langword="null"/> for a client engine or with the channel disabled.</param>
/// <param name="enabled">Whether this engine uses channels for its own transfers.</param>
/// <param name="logger">Reports fallbacks to Orleans messages.</param>
internal sealed partial class BulkChannels(IBulkChannelDialer dialer, IBulkChannelListener? listener, bool enabled, ILogger logger)
{
    private long _channelTransfers;
    private long _messageTransfers;

    public IBulkChannelDialer Dialer => dialer;

    public IBulkChannelListener? Listener => listener;

    public bool Enabled => enabled;

    /// <summary>Transfers with another engine's bulk whose bytes went over a data channel.</summary>
    public long ChannelTransfers => Interlocked.Read(ref _channelTransfers);

    /// <summary>Transfers with another engine's bulk whose bytes went as Orleans messages.</summary>
    public long MessageTransfers => Interlocked.Read(ref _messageTransfers);

    public void CountChannel() => Interlocked.Increment(ref _channelTransfers);

    public void CountMessages() => Interlocked.Increment(ref _messageTransfers);

    /// <summary>A channel could not be made (listener unreachable, TLS refused, owner without listener): messages carry the bytes.</summary>
    public void FallingBack(string owner, string reason) => LogFallingBack(logger, owner, reason);

    [LoggerMessage(EventId = 1400, Level = LogLevel.Warning,
        Message = "No bulk data channel to the owner of a bulk ({Owner}): {Reason} The transfer goes as Orleans messages instead, several times slower.")]
    private static partial void LogFallingBack(ILogger logger, string owner, string reason);
}
