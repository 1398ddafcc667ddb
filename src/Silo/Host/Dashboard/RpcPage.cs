using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace MochiOrleans.Silo.Host.Dashboard;

/// <summary>
/// The per-RPC page: one table row per RPC, provider and side, rendered on the server, refreshing itself. Plain HTML
/// with no script, so that it reads the same in a browser, in <c>curl</c> and in a terminal browser over a port-forward.
/// </summary>
internal static class RpcPage
{
    /// <summary>How often the page reloads itself, in seconds.</summary>
    public const int RefreshSeconds = 5;

    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    public static string Render(IReadOnlyList<RpcSummary> rows, string engineAddress, DateTimeOffset since, DateTimeOffset now)
    {
        var page = new StringBuilder();
        page.Append(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="refresh" content="{{RefreshSeconds}}">
            <title>MochiOrleans RPCs · {{Html.Encode(engineAddress)}}</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; }
            h1 { font-size: 1.4rem; margin-bottom: .2rem; }
            p.meta { color: #555; margin-top: 0; }
            table { border-collapse: collapse; width: 100%; }
            th, td { padding: .35rem .6rem; border-bottom: 1px solid #ddd; text-align: right; white-space: nowrap; }
            th { background: #f3f3f3; }
            td.name, th.name, td.side, th.side, td.errors, th.errors { text-align: left; }
            td.name { font-family: ui-monospace, monospace; font-weight: 600; }
            tr.failing td.errors { color: #b00020; }
            </style>
            </head>
            <body>
            <h1>MochiOrleans RPCs</h1>
            <p class="meta">Silo engine <code>{{Html.Encode(engineAddress)}}</code> · since {{since:yyyy-MM-dd HH:mm:ss}} UTC ·
            updated {{now:HH:mm:ss}} UTC (every {{RefreshSeconds}} s) · <a href="./">Orleans Dashboard</a></p>
            <p class="meta">From the <code>MochiOrleans</code> meter of this silo (<code>mochi.rpc.server.duration</code>:
            calls its providers served; <code>mochi.rpc.client.duration</code>: calls made from it). Failures are counted
            by <code>error.type</code>, which Orleans' grain statistics cannot see. Percentiles are histogram bucket bounds.</p>

            """);
        if (rows.Count == 0)
        {
            page.Append("<p id=\"no-rpcs\">No RPC has completed on this silo yet.</p>\n");
        }
        else
        {
            page.Append(CultureInfo.InvariantCulture, $"""
                <table id="rpcs">
                <thead><tr><th class="name">RPC</th><th>provider</th><th class="side">side</th><th>calls</th>
                <th>calls/s ({RpcStatistics.RecentWindowSeconds} s)</th><th>failed</th><th class="errors">failures by code</th>
                <th>mean</th><th>p50 ≤</th><th>p99 ≤</th><th>max</th></tr></thead>
                <tbody>

                """);
            foreach (var row in rows)
            {
                var failures = string.Join(", ", row.Failures.Select(f => $"{Html.Encode(f.Key)} {f.Value.ToString(CultureInfo.InvariantCulture)}"));
                page.Append(CultureInfo.InvariantCulture, $"""
                    <tr class="{(row.FailedCalls > 0 ? "failing" : "ok")}"><td class="name">{Html.Encode(row.Rpc)}</td><td>{(row.ProviderId < 0 ? string.Empty : row.ProviderId)}</td><td class="side">{row.Side}</td><td>{row.Calls:N0}</td><td>{row.RecentRate:N1}</td><td>{row.FailedCalls:N0}</td><td class="errors">{failures}</td><td>{Duration(row.Mean)}</td><td>{Duration(row.P50)}</td><td>{Duration(row.P99)}</td><td>{Duration(row.Max)}</td></tr>

                    """);
            }

            page.Append("</tbody>\n</table>\n");
        }

        page.Append("</body>\n</html>\n");
        return page.ToString();
    }

    private static string Duration(TimeSpan duration)
    {
        var ms = duration.TotalMilliseconds;
        return ms switch
        {
            0 => "0",
            < 1 => (ms * 1000).ToString("0", CultureInfo.InvariantCulture) + " µs",
            < 1000 => ms.ToString("0.##", CultureInfo.InvariantCulture) + " ms",
            _ => duration.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture) + " s",
        };
    }
}
