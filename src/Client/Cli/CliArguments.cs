using System.Globalization;
using System.Text.Json;

namespace MochiOrleans.Cli;

/// <summary>
/// Turns command-line words into RPC arguments: <c>name=value</c> is a keyword argument, anything else positional.
/// A value that is a JSON number, <c>true</c>, <c>false</c>, <c>null</c> or a quoted string becomes that value
/// (integers as <c>int</c> when they fit, else <c>long</c>); any other word is a string.
/// </summary>
internal static class CliArguments
{
    public static (object?[] Args, Dictionary<string, object?> Kwargs) Parse(IEnumerable<string> words)
    {
        var args = new List<object?>();
        var kwargs = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var word in words)
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && IsIdentifier(word.AsSpan(0, equals)))
            {
                kwargs[word[..equals]] = Value(word[(equals + 1)..]);
            }
            else
            {
                args.Add(Value(word));
            }
        }

        return ([.. args], kwargs);
    }

    public static object? Value(string word)
    {
        try
        {
            using var json = JsonDocument.Parse(word);
            var element = json.RootElement;
            return element.ValueKind switch
            {
                JsonValueKind.Number when element.TryGetInt32(out var i) => i,
                JsonValueKind.Number when element.TryGetInt64(out var l) => l,
                JsonValueKind.Number => element.GetDouble(),
                JsonValueKind.String => element.GetString(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Null => null,
                _ => word,
            };
        }
        catch (JsonException)
        {
            return word;
        }
    }

    /// <summary>Prints a response the way a user reads it: JSON for structured values, plain text for strings.</summary>
    public static string Format(object? value) => value switch
    {
        null => "null",
        string text => text,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => JsonSerializer.Serialize(value),
    };

    private static bool IsIdentifier(ReadOnlySpan<char> name)
    {
        foreach (var c in name)
        {
            if (!char.IsLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return !char.IsDigit(name[0]);
    }
}
