using System.CommandLine;

namespace MochiOrleans.Cli;

/// <summary>
/// The engine address a command targets, checked before anything connects: <c>tcp://host:port</c>, what an engine's
/// <c>Address</c> prints.
/// </summary>
internal static class AddressArgument
{
    public static Argument<string> Create()
    {
        var argument = new Argument<string>("address") { Description = "The engine address, tcp://host:port." };
        argument.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!IsEngineAddress(value))
            {
                result.AddError($"'{value}' is not an engine address: use tcp://host:port.");
            }
        });
        return argument;
    }

    private static bool IsEngineAddress(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && uri.Scheme == "tcp"
        && uri.Port is > 0 and <= 65535
        && uri.AbsolutePath is "" or "/"
        && !string.IsNullOrEmpty(uri.Host);
}
