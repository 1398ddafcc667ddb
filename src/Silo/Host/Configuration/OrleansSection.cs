using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace MochiOrleans.Silo.Host.Configuration;

/// <summary>
/// The keys of Orleans' own <c>Orleans</c> configuration section that the host relies on. Microsoft.Orleans.Server
/// applies the section itself when the host calls <c>UseOrleans</c> (cluster and service ids, <c>Name</c>,
/// <c>Endpoints</c>, the <c>Clustering</c> provider); the host reads the same keys to check them first, with messages
/// that name the key, and to know its own engine address.
/// </summary>
internal static class OrleansSection
{
    public const string ClusterId = "Orleans:ClusterId";
    public const string ServiceId = "Orleans:ServiceId";
    public const string SiloName = "Orleans:Name";
    public const string ClusteringProviderType = "Orleans:Clustering:ProviderType";
    public const string ClusteringConnectionString = "Orleans:Clustering:ConnectionString";
    public const string AdvertisedIPAddress = "Orleans:Endpoints:AdvertisedIPAddress";
    public const string SiloPort = "Orleans:Endpoints:SiloPort";
    public const string GatewayPort = "Orleans:Endpoints:GatewayPort";
    public const string SiloListeningEndpoint = "Orleans:Endpoints:SiloListeningEndpoint";
    public const string GatewayListeningEndpoint = "Orleans:Endpoints:GatewayListeningEndpoint";

    /// <summary>
    /// What the host means when a key is not set, rather than Orleans' own defaults (cluster <c>default</c>, no
    /// clustering): a Development silo of the cluster <c>mochi</c> on the documented ports.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> Defaults = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
    {
        [ClusterId] = "mochi",
        [ServiceId] = "mochi",
        [ClusteringProviderType] = nameof(ClusteringKind.Development),
        [SiloPort] = "11111",
        [GatewayPort] = "30000",
    };

    /// <summary>
    /// Adds <see cref="Defaults"/> as the first, weakest configuration source, so that Orleans applies them too and
    /// every other source overrides them.
    /// </summary>
    public static IConfigurationBuilder AddOrleansDefaults(this IConfigurationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
        return builder;
    }

    /// <summary>The value of <paramref name="key"/>, or its default.</summary>
    public static string? Value(IConfiguration configuration, string key) =>
        configuration[key] ?? Defaults.GetValueOrDefault(key);

    /// <summary>A port key's value; a failure naming the key if it is not a port.</summary>
    public static int Port(IConfiguration configuration, string key, List<string> failures)
    {
        var text = Value(configuration, key);
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= IPEndPoint.MaxPort)
        {
            return port;
        }

        failures.Add($"{ConfigurationKey.Describe(key)}: '{text}' is not a port (1..{IPEndPoint.MaxPort}).");
        return 0;
    }

    /// <summary>The clustering provider; a failure naming the key if the host does not serve it.</summary>
    public static ClusteringKind Clustering(IConfiguration configuration, List<string> failures)
    {
        var text = Value(configuration, ClusteringProviderType);
        if (Enum.TryParse<ClusteringKind>(text, ignoreCase: false, out var kind) && Enum.IsDefined(kind) && !int.TryParse(text, out _))
        {
            return kind;
        }

        failures.Add(
            $"{ConfigurationKey.Describe(ClusteringProviderType)}: '{text}' is not a clustering provider of the silo host " +
            $"(known: {string.Join(", ", Enum.GetNames<ClusteringKind>())}).");
        return ClusteringKind.Development;
    }
}
