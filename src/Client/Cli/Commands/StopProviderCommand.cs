using System.CommandLine;

namespace MochiOrleans.Cli.Commands;

/// <summary>
/// <c>mochi stop-provider &lt;address&gt; &lt;service&gt; &lt;id&gt;</c>: deregisters one provider of the engine at the
/// address, running its hooks, if that engine enabled remote provider control.
/// </summary>
internal sealed class StopProviderCommand : Command
{
    private readonly GlobalOptions _global;
    private readonly Argument<string> _address = AddressArgument.Create();
    private readonly Argument<string> _service = new("service") { Description = "The provider's service name ('' for none), as mochi list shows it." };
    private readonly Argument<ushort> _providerId = ProviderIdOption.CreateArgument();

    public StopProviderCommand(GlobalOptions global)
        : base("stop-provider", "Deregister one provider of the engine at an address (it must have enabled remote provider control).")
    {
        _global = global;
        Arguments.Add(_address);
        Arguments.Add(_service);
        Arguments.Add(_providerId);
        SetAction(RunAsync);
    }

    private Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var service = parse.GetValue(_service)!;
        var providerId = parse.GetValue(_providerId);
        return TargetSession.RunAsync(
            parse, _global, parse.GetValue(_address)!, (_, address, _, token) => address.DeregisterProviderAsync(service, providerId, token), cancellationToken);
    }
}
