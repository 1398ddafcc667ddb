using System.Text;

namespace MochiOrleans.Analyzers;

/// <summary>
/// The runtime's naming rules, mirrored character for character (src/Abstractions/Internal/RpcNameResolver.cs and
/// src/Abstractions/Internal/RpcNameRules.cs): the analyzer must name exactly the wire names registration would use.
/// </summary>
internal static class RpcNaming
{
    public const int MaxLength = 1024;

    private const string AsyncSuffix = "Async";

    /// <summary>The RPC name within its service: the explicit name, else the method name without <c>Async</c>, in snake_case.</summary>
    public static string RpcName(string methodName, string? explicitName) =>
        explicitName ?? ToSnakeCase(StripAsyncSuffix(methodName));

    /// <summary>The first non-empty of the provider's and the method's service names.</summary>
    public static string? ServiceName(string? providerServiceName, string? methodServiceName) =>
        NullIfEmpty(providerServiceName) ?? NullIfEmpty(methodServiceName);

    public static string FullName(string? serviceName, string rpcName) =>
        string.IsNullOrEmpty(serviceName) ? rpcName : serviceName + "_" + rpcName;

    public static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previous = i > 0 ? name[i - 1] : '_';
                var next = i + 1 < name.Length ? name[i + 1] : '_';
                var startsWord = char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && char.IsLower(next));
                if (i > 0 && previous != '_' && startsWord)
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Why <paramref name="name"/> is not a valid RPC name, or <see langword="null"/> if it is.</summary>
    public static string? Problem(string? name)
    {
        if (name is null || name.Length == 0)
        {
            return "An RPC name cannot be empty.";
        }

        if (name.Length > MaxLength)
        {
            return $"An RPC name cannot be longer than {MaxLength} characters.";
        }

        return HasWhitespaceOrControl(name) ? $"RPC name '{name}' contains whitespace or control characters." : null;
    }

    public static bool HasWhitespaceOrControl(string value)
    {
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    private static string StripAsyncSuffix(string name) =>
        name.Length > AsyncSuffix.Length && name.EndsWith(AsyncSuffix, System.StringComparison.Ordinal)
            ? name.Substring(0, name.Length - AsyncSuffix.Length)
            : name;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
