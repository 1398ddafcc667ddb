using System.Diagnostics;
using MochiOrleans.Grains;

namespace MochiOrleans.Internal.Grains;

/// <summary>The observed path of an invocation, taken only while something listens to the <c>MochiOrleans</c> source or meter.</summary>
internal sealed partial class ProviderGrain
{
    private async Task<RpcResponse> InvokeObservedAsync(RpcRequest request, CancellationToken cancellationToken)
    {
        // A request by index is named from this provider's method table.
        var name = NameOf(request);
        var activity = MochiTelemetry.StartServer(name, request.ProviderId, request.TraceParent);
        var start = Stopwatch.GetTimestamp();
        try
        {
            var response = await InvokeCoreAsync(request, cancellationToken);
            _telemetry.StopServer(activity, start, name, request.ProviderId, response.Error?.Code.ToString());
            return response;
        }
        catch (Exception exception)
        {
            _telemetry.StopServer(activity, start, name, request.ProviderId, MochiTelemetry.ErrorType(exception));
            throw;
        }
    }
}
