using System.CommandLine;

namespace MochiOrleans.Cli.Commands;

/// <summary><c>mochi shutdown &lt;address&gt;</c>: finalizes the engine at the address, if it enabled remote shutdown.</summary>
internal sealed class ShutdownCommand : Command
{
    private readonly GlobalOptions _global;
    private readonly Argument<string> _address = AddressArgument.Create();

    public ShutdownCommand(GlobalOptions global)
        : base("shutdown", "Finalize the engine at an address (it must have enabled remote shutdown).")
    {
        _global = global;
        Arguments.Add(_address);
        SetAction(RunAsync);
    }

    private Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken) =>
        TargetSession.RunAsync(parse, _global, parse.GetValue(_address)!, (_, address, _, token) => address.ShutdownAsync(token), cancellationToken);
}
