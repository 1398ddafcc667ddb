namespace MochiOrleans.Silo.Host.Dashboard;

/// <summary>What one silo has seen of one RPC of one provider, from one side of the call, since it started.</summary>
/// <param name="Side"><c>server</c> (calls this silo's providers served) or <c>client</c> (calls made from this silo).</param>
/// <param name="Rpc">The RPC name (<c>rpc.method</c>).</param>
/// <param name="ProviderId">The provider id (<c>mochi.provider_id</c>).</param>
/// <param name="Calls">Calls completed, failed ones included.</param>
/// <param name="Failures">Failed calls by <c>error.type</c> (the <see cref="MargoErrorCode"/> name), most frequent first.</param>
/// <param name="RecentRate">Calls per second over the last <see cref="RpcStatistics.RecentWindowSeconds"/> seconds.</param>
/// <param name="Mean">The mean duration.</param>
/// <param name="P50">An upper bound of the median duration: the histogram bucket boundary it falls under.</param>
/// <param name="P99">An upper bound of the 99th percentile, as <paramref name="P50"/>.</param>
/// <param name="Max">The longest call.</param>
internal sealed record RpcSummary(
    string Side,
    string Rpc,
    int ProviderId,
    long Calls,
    IReadOnlyList<KeyValuePair<string, long>> Failures,
    double RecentRate,
    TimeSpan Mean,
    TimeSpan P50,
    TimeSpan P99,
    TimeSpan Max)
{
    /// <summary>All failed calls, whatever their code.</summary>
    public long FailedCalls => Failures.Sum(f => f.Value);
}
