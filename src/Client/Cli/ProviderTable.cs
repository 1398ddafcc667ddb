using System.Globalization;
using System.Text;

namespace MochiOrleans.Cli;

/// <summary><c>mochi list</c>'s table: one row per RPC, under its provider's service, id, kind and location.</summary>
internal static class ProviderTable
{
    private static readonly string[] Header = ["SERVICE", "ID", "KIND", "LOCATION", "RPC", "SIGNATURE"];

    public static string Format(IReadOnlyList<ProviderInfo> providers)
    {
        var rows = new List<string[]> { Header };
        foreach (var provider in providers)
        {
            var service = provider.ServiceName.Length == 0 ? "''" : provider.ServiceName;
            var id = provider.ProviderId.ToString(CultureInfo.InvariantCulture);
            var location = provider.Location ?? "-";
            if (provider.Rpcs.Count == 0)
            {
                rows.Add([service, id, provider.Kind, location, "-", "(hooks only)"]);
            }

            foreach (var rpc in provider.Rpcs)
            {
                rows.Add([service, id, provider.Kind, location, rpc.Name, Signature(rpc)]);
            }
        }

        var widths = Enumerable.Range(0, Header.Length).Select(column => rows.Max(row => row[column].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            for (var column = 0; column < row.Length; column++)
            {
                text.Append(column == row.Length - 1 ? row[column] : row[column].PadRight(widths[column] + 2));
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    private static string Signature(RpcInfo rpc)
    {
        var parameters = string.Join(", ", rpc.Parameters.Select(p => $"{p.Type} {p.Name}{(p.IsOptional ? " = ..." : "")}"));
        return $"({parameters}) -> {(rpc.DisableResponse ? "one-way" : rpc.ResponseType)}";
    }
}
