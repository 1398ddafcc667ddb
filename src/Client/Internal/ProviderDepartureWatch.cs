using System.Diagnostics;
using MochiOrleans.Grains;

namespace MochiOrleans.Internal;

/// <summary>
/// Ends calls in flight whose provider's silo has left the cluster. Orleans fails such a call by itself only when this
/// process sent it to that silo; a client's call forwarded by a live gateway would wait for its deadline. So every
/// <see cref="Interval"/> one sweep asks the cluster (the dispatch grain, whose directory drops silos that membership
/// declared dead) about the providers of the calls that have run longer than <see cref="Interval"/>, and abandons the
/// calls whose provider is gone.
/// </summary>
/// <remarks>
/// A call only links and unlinks its <see cref="CallDeadline"/> in <see cref="TrackedCalls"/> (no timer, no entry
/// object of its own, no hashing); one question per provider and sweep, however many calls wait for it; the sweep runs
/// only while calls are in flight.
/// </remarks>
internal sealed class ProviderDepartureWatch(IDispatchGrain dispatcher) : IAsyncDisposable
{
    /// <summary>How long a call runs before its provider is checked, and how often after that.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly TrackedCalls _calls = new();
    private readonly CancellationTokenSource _stop = new();
    private int _sweeping;
    private Task _sweeper = Task.CompletedTask;

    /// <summary>Watches the call of <paramref name="deadline"/> until <see cref="Untrack"/>; its <see cref="CallDeadline.Departed"/> says why it was abandoned.</summary>
    public void Track(string rpcName, ushort providerId, CallDeadline deadline)
    {
        deadline.Name(rpcName, providerId);
        _calls.Add(deadline);
        if (Interlocked.CompareExchange(ref _sweeping, 1, 0) == 0)
        {
            _sweeper = SweepWhileCallsAsync();
        }
    }

    /// <summary>Stops watching a call that has completed.</summary>
    public void Untrack(CallDeadline deadline) => _calls.Remove(deadline);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sweeper.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task SweepWhileCallsAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                await SweepAsync().ConfigureAwait(false);
                if (!_calls.IsEmpty)
                {
                    continue;
                }

                // Stop, unless a call arrived meanwhile and found this sweep still running (a full fence: the check
                // below must not be read before this write, or it could miss such a call).
                Interlocked.Exchange(ref _sweeping, 0);
                if (_calls.IsEmpty || Interlocked.CompareExchange(ref _sweeping, 1, 0) != 0)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    private async Task SweepAsync()
    {
        var now = Stopwatch.GetTimestamp();
        var due = _calls.Where(call => Stopwatch.GetElapsedTime(call.Started, now) >= Interval)
            .GroupBy(call => (RpcName: call.RpcName!, call.ProviderId))
            .ToList();
        foreach (var provider in due)
        {
            if (await AskAsync(provider.Key.RpcName, provider.Key.ProviderId).ConfigureAwait(false) is { Code: MargoErrorCode.Unreachable } departed)
            {
                foreach (var call in provider)
                {
                    call.Depart(departed);
                }
            }
        }
    }

    private async Task<RpcError?> AskAsync(string rpcName, ushort providerId)
    {
        try
        {
            var resolution = await dispatcher.ResolveAsync(rpcName, providerId).WaitAsync(Interval * 5, _stop.Token).ConfigureAwait(false);
            return resolution.GrainKey is null ? resolution.Error : null;
        }
        catch (Exception)
        {
            // The gateway itself may be gone; calls through it then end by their own deadline, as any call through it does.
            return null;
        }
    }
}
