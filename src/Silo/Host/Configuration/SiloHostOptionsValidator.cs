using System.Globalization;
using System.Net;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace MochiOrleans.Silo.Host.Configuration;

/// <summary>
/// Checks <see cref="SiloHostOptions"/> before anything starts. Every failure names the configuration key at fault and
/// how to set it, so that a pod that cannot start says why in its first log lines.
/// </summary>
/// <param name="section">The <c>Mochi:Host</c> section the options were bound from (for what binding does not keep).</param>
/// <param name="engine">The engine options (<c>Mochi</c> section), for limits that involve both.</param>
/// <param name="types">Finds provider types.</param>
/// <param name="clustering">The clustering provider of the <c>Orleans</c> section, which the Redis settings depend on.</param>
/// <param name="redisConnectionString">The <c>Orleans:Clustering:ConnectionString</c>, if any.</param>
internal sealed class SiloHostOptionsValidator(
    IConfiguration section, EngineOptions engine, ProviderTypeResolver types, ClusteringKind clustering, string? redisConnectionString)
    : IValidateOptions<SiloHostOptions>
{
    /// <summary>The largest provider id: 65535 is reserved (Margo's default provider id).</summary>
    public const int MaxProviderId = 65534;

    public ValidateOptionsResult Validate(string? name, SiloHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        ValidateClustering(failures, options);
        if (options.HealthPort is < 1 or > IPEndPoint.MaxPort)
        {
            failures.Add($"{Describe(nameof(SiloHostOptions.HealthPort))}: {options.HealthPort} is not a port (1..{IPEndPoint.MaxPort}).");
        }

        ValidateShutdown(failures, options);
        ValidateProviderPaths(failures, options);
        for (var i = 0; i < options.Providers.Count; i++)
        {
            ValidateProvider(failures, i, options.Providers[i]);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void ValidateClustering(List<string> failures, SiloHostOptions options)
    {
        if (clustering != ClusteringKind.Redis)
        {
            foreach (var (setting, value) in new[] { (nameof(SiloHostOptions.RedisPassword), options.RedisPassword), (nameof(SiloHostOptions.RedisTlsCaPath), options.RedisTlsCaPath) })
            {
                if (value is not null)
                {
                    failures.Add($"{Describe(setting)} is set but {OrleansSection.ClusteringProviderType} is {clustering}: it would be ignored.");
                }
            }

            return;
        }

        if (options.RedisPassword is { Length: 0 })
        {
            // An empty Secret value: Redis would refuse AUTH, far from where the mistake is.
            failures.Add($"{Describe(nameof(SiloHostOptions.RedisPassword))} is empty; set the password or remove the setting.");
        }

        ValidateRedisTlsCa(failures, options.RedisTlsCaPath);
        if (string.IsNullOrWhiteSpace(redisConnectionString))
        {
            failures.Add($"{ConfigurationKey.Describe(OrleansSection.ClusteringConnectionString)} is required when {OrleansSection.ClusteringProviderType} is Redis.");
            return;
        }

        try
        {
            var parsed = StackExchange.Redis.ConfigurationOptions.Parse(redisConnectionString);
            if (options.RedisPassword is not null && parsed.Password is not null)
            {
                failures.Add(
                    $"{ConfigurationKey.Describe(OrleansSection.ClusteringConnectionString)} has a password and " +
                    $"{Key(nameof(SiloHostOptions.RedisPassword))} is set too; give the password in one place.");
            }
        }
        catch (ArgumentException exception)
        {
            failures.Add($"{ConfigurationKey.Describe(OrleansSection.ClusteringConnectionString)} is not a Redis connection string: {exception.Message}");
        }
    }

    private static void ValidateRedisTlsCa(List<string> failures, string? path)
    {
        if (path is null)
        {
            return;
        }

        if (!File.Exists(path))
        {
            failures.Add($"{Describe(nameof(SiloHostOptions.RedisTlsCaPath))}: '{path}' is not a file.");
            return;
        }

        try
        {
            using var ca = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (System.Security.Cryptography.CryptographicException exception)
        {
            failures.Add($"{Describe(nameof(SiloHostOptions.RedisTlsCaPath))}: '{path}' is not a PEM or DER certificate: {exception.Message}");
        }
    }

    private void ValidateShutdown(List<string> failures, SiloHostOptions options)
    {
        if (options.ShutdownTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{Describe(nameof(SiloHostOptions.ShutdownTimeout))} must be positive.");
        }
        else if (options.ShutdownTimeout <= engine.FinalizeCallbackTimeout)
        {
            failures.Add(
                $"{Describe(nameof(SiloHostOptions.ShutdownTimeout))} ({options.ShutdownTimeout}) must exceed " +
                $"{EngineOptions.SectionName}:{nameof(EngineOptions.FinalizeCallbackTimeout)} ({engine.FinalizeCallbackTimeout}), " +
                "or a graceful stop is cut short before finalize hooks have had their time.");
        }
    }

    private static void ValidateProviderPaths(List<string> failures, SiloHostOptions options)
    {
        for (var i = 0; i < options.ProviderPaths.Count; i++)
        {
            var path = options.ProviderPaths[i];
            if (string.IsNullOrWhiteSpace(path) || !(File.Exists(path) || Directory.Exists(path)))
            {
                failures.Add($"{Describe(Indexed(nameof(SiloHostOptions.ProviderPaths), i))}: '{path}' is neither a file nor a directory.");
            }
        }
    }

    private void ValidateProvider(List<string> failures, int index, HostedProviderOptions provider)
    {
        var entry = Indexed(nameof(SiloHostOptions.Providers), index);
        if (provider.ProviderId is not { } id)
        {
            failures.Add($"{Describe(entry + ":" + nameof(HostedProviderOptions.ProviderId))} is required.");
        }
        else if (id is < 0 or > MaxProviderId)
        {
            failures.Add($"{Describe(entry + ":" + nameof(HostedProviderOptions.ProviderId))}: {id} is not a provider id (0..{MaxProviderId}).");
        }

        if (provider.Kind == ProviderKind.Virtual && section.GetSection(entry + ":" + HostedProviderOptions.ConfigKey).Exists())
        {
            failures.Add(
                $"{Key(entry + ":" + HostedProviderOptions.ConfigKey)}: only instance providers take a Config section " +
                $"({Key(entry + ":" + nameof(HostedProviderOptions.Kind))} is Virtual); a virtual provider reads configuration through DI.");
        }

        var typeKey = Describe(entry + ":" + nameof(HostedProviderOptions.Type));
        if (string.IsNullOrWhiteSpace(provider.Type))
        {
            failures.Add($"{typeKey} is required (Namespace.Type, Assembly).");
            return;
        }

        if (types.Find(provider.Type, out var problem) is not { } type)
        {
            failures.Add($"{typeKey}: cannot load '{provider.Type}': {problem} Is its assembly in {Key(nameof(SiloHostOptions.ProviderPaths))}?");
            return;
        }

        var methods = type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static);
        if (!type.IsClass || !Array.Exists(methods, m => m.IsDefined(typeof(RemoteAttribute), inherit: true)
            || m.IsDefined(typeof(OnPrefinalizeAttribute), inherit: true) || m.IsDefined(typeof(OnFinalizeAttribute), inherit: true)))
        {
            failures.Add($"{typeKey}: '{type.FullName}' is not a provider: it has no [Remote] method and no [OnPrefinalize] or [OnFinalize] hook.");
        }
        else if (provider.Kind == ProviderKind.Instance && type.IsAbstract)
        {
            failures.Add($"{typeKey}: '{type.FullName}' is abstract or static, so it has no instance; host it as Virtual.");
        }
    }

    private static string Indexed(string setting, int index) => setting + ":" + index.ToString(CultureInfo.InvariantCulture);

    private static string Key(string setting) => ConfigurationKey.Host(setting);

    private static string Describe(string setting) => ConfigurationKey.Describe(Key(setting));
}
