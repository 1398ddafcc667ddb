using System.CommandLine;

namespace MochiOrleans.Cli;

/// <summary>
/// The engine address a command targets, checked before anything connects: <c>tcp://host:port</c>, what an engine's
/// <c>Address</c> prints, or <c>tcp://host:port/name</c> for an engine a silo hosts through its gateway (a Python one).
/// </summary>
internal static class AddressArgument
{
    public static Argument<string> Create()
    {
        var argument = new Argument<string>("address") { Description = "The engine address, tcp://host:port or tcp://host:port/name." };
        argument.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!IsEngineAddress(value))
            {
                result.AddError($"'{value}' is not an engine address: use tcp://host:port or tcp://host:port/name.");
            }
        });
        return argument;
    }

    private static bool IsEngineAddress(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && uri.Scheme == "tcp"
        && uri.Port is > 0 and <= 65535
        && (uri.AbsolutePath is "" or "/" || IsEngineName(uri.AbsolutePath[1..]))
        && uri.Query.Length == 0
        && uri.Fragment.Length == 0
        && !string.IsNullOrEmpty(uri.Host);

    // As EngineAddressFormat's rule: the name a gateway gives the engine it hosts.
    private static bool IsEngineName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
