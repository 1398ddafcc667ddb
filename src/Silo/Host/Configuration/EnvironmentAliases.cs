using Microsoft.Extensions.Configuration;

namespace MochiOrleans.Silo.Host.Configuration;

/// <summary>
/// The conventional environment variables of Orleans on Kubernetes (set by the downward API or a ConfigMap), mapped
/// onto <c>Mochi:Host</c> keys. They override every other configuration source, so that what the pod spec says wins.
/// </summary>
internal static class EnvironmentAliases
{
    /// <summary>Variable name to configuration key.</summary>
    public static readonly IReadOnlyDictionary<string, string> Keys = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ORLEANS_CLUSTER_ID"] = Key(nameof(SiloHostOptions.ClusterId)),
        ["ORLEANS_SERVICE_ID"] = Key(nameof(SiloHostOptions.ServiceId)),
        ["POD_NAME"] = Key(nameof(SiloHostOptions.SiloName)),
        ["POD_IP"] = Key(nameof(SiloHostOptions.AdvertisedIP)),
    };

    /// <summary>Adds the aliased variables that are set in <paramref name="environment"/> as a configuration source.</summary>
    public static IConfigurationBuilder AddEnvironmentAliases(this IConfigurationBuilder builder, Func<string, string?> environment)
    {
        var values = Keys
            .Select(pair => (pair.Value, Value: environment(pair.Key)))
            .Where(pair => !string.IsNullOrEmpty(pair.Value))
            .Select(pair => new KeyValuePair<string, string?>(pair.Item1, pair.Value));
        return builder.AddInMemoryCollection(values);
    }

    /// <summary>The full key of a <see cref="SiloHostOptions"/> setting.</summary>
    public static string Key(string setting) => SiloHostOptions.SectionName + ":" + setting;

    /// <summary>Names a key the way an operator can set it: the key, its environment variable, and its alias if any.</summary>
    public static string Describe(string key)
    {
        var alias = Keys.FirstOrDefault(pair => string.Equals(pair.Value, key, StringComparison.OrdinalIgnoreCase)).Key;
        var variable = key.Replace(":", "__", StringComparison.Ordinal);
        return alias is null ? $"{key} (environment {variable})" : $"{key} (environment {alias} or {variable})";
    }
}
