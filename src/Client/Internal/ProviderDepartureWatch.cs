using System.Collections.Concurrent;
using System.Diagnostics;
using MochiOrleans.Grains;

namespace MochiOrleans.Internal;

/// <summary>
/// Tells a call in flight that the silo of its provider has left the cluster. Orleans fails such a call by itself only
/// when this process sent it to that silo; a client's call forwarded by a live gateway would wait for its deadline. So
/// a call still running after <see cref="Interval"/> asks the cluster (the dispatch grain, whose directory drops silos
/// that membership declared dead) every <see cref="Interval"/> whether its provider is still served.
/// </summary>
/// <remarks>Concurrent calls to the same provider share one question per interval, so the watch costs the cluster at
/// most one small call per provider and interval, however many calls wait.</remarks>
internal sealed class ProviderDepartureWatch(IDispatchGrain dispatcher)
{
    /// <summary>How long a call runs before its provider is checked, and how often after that.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<(string RpcName, ushort ProviderId), (long Started, Task<RpcError?> Answer)> _probes = new();

    /// <summary>
    /// Waits for <paramref name="call"/>, and returns why its provider is gone if its silo leaves first
    /// (<see cref="MargoErrorCode.Unreachable"/>); <see langword="null"/> once the call has completed.
    /// </summary>
    public async Task<RpcError?> WatchAsync(Task call, string rpcName, ushort providerId)
    {
        while (!call.IsCompleted && !await CompletesWithinAsync(call, Interval).ConfigureAwait(false))
        {
            if (await ProbeAsync(rpcName, providerId).ConfigureAwait(false) is { Code: MargoErrorCode.Unreachable } departed && !call.IsCompleted)
            {
                return departed;
            }
        }

        return null;
    }

    private static async Task<bool> CompletesWithinAsync(Task call, TimeSpan interval)
    {
        // The call's own outcome is observed by whoever awaits it; here only its completion matters. WaitAsync drops
        // its timer as soon as the call completes, so a fast call leaves nothing behind.
        await call.WaitAsync(interval).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return call.IsCompleted;
    }

    private Task<RpcError?> ProbeAsync(string rpcName, ushort providerId)
    {
        var key = (rpcName, providerId);
        var now = Stopwatch.GetTimestamp();
        if (_probes.TryGetValue(key, out var probe) && Stopwatch.GetElapsedTime(probe.Started, now) < Interval / 2)
        {
            return probe.Answer;
        }

        var answer = AskAsync(rpcName, providerId);
        _probes[key] = (now, answer);
        return answer;
    }

    private async Task<RpcError?> AskAsync(string rpcName, ushort providerId)
    {
        try
        {
            var resolution = await dispatcher.ResolveAsync(rpcName, providerId).WaitAsync(Interval * 5).ConfigureAwait(false);
            return resolution.GrainKey is null ? resolution.Error : null;
        }
        catch (Exception)
        {
            // The gateway itself may be gone; the call then ends by its own deadline, as any call through it does.
            return null;
        }
    }
}
