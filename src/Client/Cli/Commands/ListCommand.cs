using System.CommandLine;
using System.Text.Json;

namespace MochiOrleans.Cli.Commands;

/// <summary><c>mochi list &lt;address&gt;</c>: every provider of the cluster behind the address and its RPCs.</summary>
internal sealed class ListCommand : Command
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly GlobalOptions _global;
    private readonly Argument<string> _address = AddressArgument.Create();
    private readonly Option<bool> _json = new("--json") { Description = "Print the providers as a JSON array." };

    public ListCommand(GlobalOptions global)
        : base("list", "List every provider of the cluster behind an address, with its RPCs and their parameters.")
    {
        _global = global;
        Arguments.Add(_address);
        Options.Add(_json);
        SetAction(RunAsync);
    }

    private Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var json = parse.GetValue(_json);
        return TargetSession.RunAsync(parse, _global, parse.GetValue(_address)!, async (engine, address, output, token) =>
        {
            var providers = await engine.ListProvidersAsync(address, token).ConfigureAwait(false);
            await output.WriteAsync(json ? JsonSerializer.Serialize(providers, Json) + Environment.NewLine : ProviderTable.Format(providers)).ConfigureAwait(false);
        }, cancellationToken);
    }
}
