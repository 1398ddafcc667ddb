using System.Reflection;
using System.Text;

namespace MochiOrleans.Internal;

/// <summary>
/// PyMargo's naming rules: the full RPC name is <c>service + "_" + rpcName</c> (the bare <c>rpcName</c> without a
/// service), where <c>rpcName</c> is <see cref="RemoteAttribute.RpcName"/> or the method name without a trailing
/// <c>Async</c>, in snake_case.
/// </summary>
/// <remarks>
/// In Abstractions because both sides name RPCs: the silo when it registers a provider, the client when it builds a
/// typed proxy (which must work with only Abstractions and Client referenced).
/// </remarks>
internal static class RpcNameResolver
{
    private const string AsyncSuffix = "Async";

    /// <summary>The RPC name of a method within its service.</summary>
    public static string RpcName(MethodInfo method, RemoteAttribute remote) => RpcName(method.Name, remote.RpcName);

    /// <summary>The RPC name of a method named <paramref name="methodName"/>: <paramref name="explicitName"/> if given.</summary>
    public static string RpcName(string methodName, string? explicitName) =>
        explicitName ?? ToSnakeCase(StripAsyncSuffix(methodName));

    /// <summary>The service a method belongs to: the registration's, else the provider's, else the method's own.</summary>
    public static string? ServiceName(string? registrationServiceName, string? providerServiceName, RemoteAttribute remote) =>
        NullIfEmpty(registrationServiceName) ?? NullIfEmpty(providerServiceName) ?? NullIfEmpty(remote.ServiceName);

    /// <summary>Joins a service name and an RPC name.</summary>
    public static string FullName(string? serviceName, string rpcName) =>
        string.IsNullOrEmpty(serviceName) ? rpcName : serviceName + "_" + rpcName;

    /// <summary><c>SayHello</c> → <c>say_hello</c>, <c>GetHTTPStatus</c> → <c>get_http_status</c>; snake_case stays as it is.</summary>
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

    private static string StripAsyncSuffix(string name) =>
        name.Length > AsyncSuffix.Length && name.EndsWith(AsyncSuffix, StringComparison.Ordinal) ? name[..^AsyncSuffix.Length] : name;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
