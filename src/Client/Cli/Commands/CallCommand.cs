using System.CommandLine;
using System.Text.Json;

namespace MochiOrleans.Cli.Commands;

/// <summary><c>mochi call &lt;address&gt; &lt;rpc&gt; [args...]</c>: calls one RPC and prints its response.</summary>
internal sealed class CallCommand : Command
{
    private readonly GlobalOptions _global;
    private readonly Argument<string> _address = AddressArgument.Create();
    private readonly Argument<string> _rpc = new("rpc") { Description = "The full RPC name, e.g. my_service_say_hello." };

    private readonly Argument<string[]> _arguments = new("args")
    {
        Description = "Arguments: JSON scalars (42, 3.5, true, null, \"text\") or plain words (strings); name=value binds by parameter name.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private readonly Option<ushort> _providerId = ProviderIdOption.Create();
    private readonly Option<bool> _json = new("--json") { Description = "Print the response as JSON (strings quoted)." };
    private readonly Option<bool> _oneWay = new("--one-way") { Description = "Send without waiting for a response." };

    public CallCommand(GlobalOptions global)
        : base("call", "Call an RPC on the engine at an address and print its response.")
    {
        _global = global;
        Arguments.Add(_address);
        Arguments.Add(_rpc);
        Arguments.Add(_arguments);
        Options.Add(_providerId);
        Options.Add(_json);
        Options.Add(_oneWay);
        SetAction(RunAsync);
    }

    private Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var (positional, keywords) = CliArguments.Parse(parse.GetValue(_arguments) ?? []);
        var rpc = parse.GetValue(_rpc)!;
        var providerId = parse.GetValue(_providerId);
        var json = parse.GetValue(_json);
        var oneWay = parse.GetValue(_oneWay);
        var timeout = _global.TimeoutOf(parse);
        return TargetSession.RunAsync(parse, _global, parse.GetValue(_address)!, async (engine, address, output, token) =>
        {
            var response = await engine.Register(rpc, oneWay).On(address, providerId).CallAsync<object?>(positional, keywords, timeout, token).ConfigureAwait(false);
            if (!oneWay)
            {
                await output.WriteLineAsync(json ? JsonSerializer.Serialize(response) : CliArguments.Format(response)).ConfigureAwait(false);
            }
        }, cancellationToken);
    }
}
