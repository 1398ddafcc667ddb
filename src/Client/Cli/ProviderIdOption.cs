using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace MochiOrleans.Cli;

/// <summary>Provider ids as a command line gives them: 0..65534 (65535 is Margo's reserved default id).</summary>
internal static class ProviderIdOption
{
    public const int Max = ushort.MaxValue - 1;

    public static Option<ushort> Create() => new("--provider-id", "-p")
    {
        Description = $"The provider id, 0..{Max}. Default 0.",
        CustomParser = Parse,
    };

    public static Argument<ushort> CreateArgument() => new("provider-id")
    {
        Description = $"The provider id, 0..{Max}.",
        CustomParser = Parse,
    };

    private static ushort Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id <= Max)
        {
            return (ushort)id;
        }

        result.AddError($"A provider id is a whole number 0..{Max}, not '{text}'.");
        return 0;
    }
}
