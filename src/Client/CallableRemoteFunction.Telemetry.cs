using System.Diagnostics;
using MochiOrleans.Internal;

namespace MochiOrleans;

/// <summary>The observed path of a call, taken only while something listens to the <c>MochiOrleans</c> source or meter.</summary>
public sealed partial class CallableRemoteFunction
{
    private async Task<T> CallObservedAsync<T>(
        object?[] args,
        IReadOnlyDictionary<string, object?>? kwargs,
        TimeSpan? timeout,
        CancellationToken cancellationToken)
    {
        var telemetry = _function.Engine.Telemetry;
        var name = _function.Name;

        // An async method: the span made current here stops being current when it returns.
        var activity = MochiTelemetry.StartClient(name, ProviderId);
        var start = Stopwatch.GetTimestamp();
        try
        {
            var result = await CallCoreAsync<T>(args, kwargs, timeout, activity?.Id, cancellationToken).ConfigureAwait(false);
            telemetry.StopClient(activity, start, name, ProviderId, errorType: null);
            return result;
        }
        catch (Exception exception)
        {
            telemetry.StopClient(activity, start, name, ProviderId, MochiTelemetry.ErrorType(exception));
            throw;
        }
    }
}
