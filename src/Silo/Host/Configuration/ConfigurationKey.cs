namespace MochiOrleans.Silo.Host.Configuration;

/// <summary>How the host names a configuration key in its messages: the key, and the environment variable that sets it.</summary>
internal static class ConfigurationKey
{
    /// <summary>The full key of a <see cref="SiloHostOptions"/> setting: <c>Mochi:Host:Setting</c>.</summary>
    public static string Host(string setting) => SiloHostOptions.SectionName + ":" + setting;

    /// <summary>The environment variable of a key: <c>Mochi__Host__HealthPort</c>, <c>Orleans__ClusterId</c>.</summary>
    public static string Variable(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>Names a key the way an operator can set it: the key and its environment variable.</summary>
    public static string Describe(string key) => $"{key} (environment {Variable(key)})";
}
