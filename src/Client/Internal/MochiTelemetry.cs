using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MochiOrleans.Internal;

/// <summary>
/// The <c>MochiOrleans</c> activity source and meter (names and tags pinned in API.md "Telemetry"): one client and one
/// server span per RPC, named after it, and their duration histograms.
/// </summary>
/// <remarks>
/// Failures travel as values, so Orleans' own telemetry sees every RPC as a successful grain call: these carry the
/// <see cref="MargoErrorCode"/>. Callers check <see cref="ClientEnabled"/>/<see cref="ServerEnabled"/> first, so that
/// with nothing listening a call allocates nothing here.
/// </remarks>
internal sealed class MochiTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "MochiOrleans";

    public const string RpcSystemTag = "rpc.system";
    public const string RpcSystem = "mochi";
    public const string RpcMethodTag = "rpc.method";
    public const string ProviderIdTag = "mochi.provider_id";
    public const string ErrorTypeTag = "error.type";
    public const string ClientDurationName = "mochi.rpc.client.duration";
    public const string ServerDurationName = "mochi.rpc.server.duration";

    // An ActivitySource has no factory in DI; one per process is the .NET convention.
    public static readonly ActivitySource Source = new(Name);

    private static readonly double TicksToSeconds = 1.0 / Stopwatch.Frequency;

    // Exporters' default buckets (0, 5, 10 … 10000) suit milliseconds; an RPC takes from ~100 µs to its timeout.
    private static readonly InstrumentAdvice<double> DurationBuckets = new()
    {
        HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    };

    private static readonly Lazy<MochiTelemetry> Fallback = new(() => new MochiTelemetry(new Meter(Name)));

    private readonly Histogram<double> _clientDuration;
    private readonly Histogram<double> _serverDuration;

    /// <summary>Instruments on a meter from the host's <see cref="IMeterFactory"/> (disposed with its container).</summary>
    public MochiTelemetry(IMeterFactory meterFactory)
        : this(meterFactory.Create(Name))
    {
    }

    private MochiTelemetry(Meter meter)
    {
        _clientDuration = meter.CreateHistogram<double>(ClientDurationName, "s", "Duration of MochiOrleans RPCs as their callers see it.", tags: null, DurationBuckets);
        _serverDuration = meter.CreateHistogram<double>(ServerDurationName, "s", "Duration of MochiOrleans RPCs on the provider, arrival to response.", tags: null, DurationBuckets);
    }

    /// <summary>
    /// For engines built without a DI container (<c>Engine.StartAsync</c> in client mode, <c>FromClusterClient</c> over
    /// a client without <c>AddMochi</c>): a process-wide meter, created on first use. Listeners match meters by name,
    /// so it is exported exactly like the DI ones.
    /// </summary>
    public static MochiTelemetry Shared => Fallback.Value;

    public bool ClientEnabled => Source.HasListeners() || _clientDuration.Enabled;

    public bool ServerEnabled => Source.HasListeners() || _serverDuration.Enabled;

    /// <summary>
    /// Starts the caller's span, current for the rest of the call; its <see cref="Activity.Id"/> travels in the request
    /// (<c>RpcRequest.TraceParent</c>).
    /// </summary>
    /// <remarks>
    /// In the request rather than in Orleans' <c>RequestContext</c>: measured, a request context on every message cost a
    /// third of the traced throughput (docs/operations.md), and Orleans' <c>AddActivityPropagation</c> would add a span
    /// of its own to every grain call, resolution calls included.
    /// </remarks>
    public static Activity? StartClient(string rpcName, ushort providerId)
    {
        var activity = Source.StartActivity(rpcName, ActivityKind.Client);
        if (activity is not null)
        {
            Tag(activity, rpcName, providerId);
        }

        return activity;
    }

    /// <summary>
    /// Starts the provider's span as a child of the caller's, whose <paramref name="traceParent"/> came with the request.
    /// Orleans' own grain-call span, when <c>AddActivityPropagation</c> made one in the same trace, is the closer parent.
    /// </summary>
    public static Activity? StartServer(string rpcName, ushort providerId, string? traceParent)
    {
        ActivityContext parent = default;
        if (traceParent is not null
            && ActivityContext.TryParse(traceParent, traceState: null, isRemote: true, out var remote)
            && Activity.Current?.TraceId != remote.TraceId)
        {
            parent = remote;
        }

        var activity = Source.StartActivity(rpcName, ActivityKind.Server, parent);
        if (activity is not null)
        {
            Tag(activity, rpcName, providerId);
        }

        return activity;
    }

    /// <summary>Ends a caller's span and records its duration; <paramref name="errorType"/> is null for success.</summary>
    public void StopClient(Activity? activity, long startTimestamp, string rpcName, ushort providerId, string? errorType) =>
        Stop(_clientDuration, activity, startTimestamp, rpcName, providerId, errorType);

    /// <summary>Ends a provider's span and records its duration; <paramref name="errorType"/> is null for success.</summary>
    public void StopServer(Activity? activity, long startTimestamp, string rpcName, ushort providerId, string? errorType) =>
        Stop(_serverDuration, activity, startTimestamp, rpcName, providerId, errorType);

    /// <summary>What <c>error.type</c> says of a failed call: the Margo code, else the exception's type.</summary>
    public static string ErrorType(Exception exception) =>
        exception is MargoException margo ? margo.Code.ToString() : exception.GetType().FullName ?? exception.GetType().Name;

    private static void Tag(Activity activity, string rpcName, ushort providerId)
    {
        if (activity.IsAllDataRequested)
        {
            activity.SetTag(RpcSystemTag, RpcSystem);
            activity.SetTag(RpcMethodTag, rpcName);
            activity.SetTag(ProviderIdTag, (int)providerId);
        }
    }

    private static void Stop(Histogram<double> histogram, Activity? activity, long startTimestamp, string rpcName, ushort providerId, string? errorType)
    {
        if (activity is not null)
        {
            if (errorType is not null)
            {
                activity.SetTag(ErrorTypeTag, errorType);
                activity.SetStatus(ActivityStatusCode.Error, errorType);
            }

            activity.Stop();
        }

        if (histogram.Enabled)
        {
            var tags = new TagList
            {
                { RpcMethodTag, rpcName },
                { ProviderIdTag, (int)providerId },
            };
            if (errorType is not null)
            {
                tags.Add(ErrorTypeTag, errorType);
            }

            histogram.Record((Stopwatch.GetTimestamp() - startTimestamp) * TicksToSeconds, tags);
        }
    }
}
