using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MochiOrleans.Silo.Host.Configuration;
using Orleans.Clustering.Redis;
using Orleans.Configuration;
using Orleans.Serialization;

namespace MochiOrleans.Silo.Host;

/// <summary>Composes an Orleans silo with MochiOrleans from validated <see cref="SiloHostSettings"/>.</summary>
internal static class SiloBuilderSettingsExtensions
{
    /// <summary>
    /// What the host adds to the silo Orleans configured from its <c>Orleans</c> section (ids, endpoints, clustering):
    /// the Redis password and CA, the listening addresses, a Development silo's own primary endpoint, Kubernetes
    /// hosting in a pod, membership tuning, and MochiOrleans with the configured providers.
    /// </summary>
    public static ISiloBuilder UseHostSettings(this ISiloBuilder silo, SiloHostSettings settings)
    {
        var options = settings.Options;
        if (settings.Clustering == ClusteringKind.Redis)
        {
            // Orleans' Redis provider parsed Orleans:Clustering:ConnectionString; the password and CA are set apart.
            silo.Services.PostConfigure<RedisClusteringOptions>(redis => redis.ConfigurationOptions = settings.CreateRedisConfiguration());
        }
        else
        {
            // A cluster of one: the silo is its own primary (unless Orleans:Clustering:PrimarySiloEndPoint says otherwise).
            silo.Services.AddOptions<DevelopmentClusterMembershipOptions>().PostConfigure<IOptions<EndpointOptions>>((development, endpoints) =>
                development.PrimarySiloEndpoint ??= new IPEndPoint(endpoints.Value.AdvertisedIPAddress ?? IPAddress.Loopback, endpoints.Value.SiloPort));
        }

        if (settings.AdvertisedIP is { } advertised)
        {
            silo.Configure<EndpointOptions>(endpoints => endpoints.AdvertisedIPAddress ??= advertised);
        }

        if (settings.Kubernetes)
        {
            // The pod's name, IP and namespace, and ORLEANS_CLUSTER_ID / ORLEANS_SERVICE_ID, as Orleans reads them.
            silo.UseKubernetesHosting();
        }

        // After Kubernetes hosting, which advertises the pod IP and listens on every address unless told otherwise.
        var configuration = silo.Configuration;
        silo.Services.PostConfigure<EndpointOptions>(endpoints =>
        {
            var ip = options.ListenOnAnyHostAddress ? IPAddress.Any : endpoints.AdvertisedIPAddress ?? IPAddress.Loopback;
            if (configuration[OrleansSection.SiloListeningEndpoint] is null)
            {
                endpoints.SiloListeningEndpoint = new IPEndPoint(ip, endpoints.SiloPort);
            }

            if (configuration[OrleansSection.GatewayListeningEndpoint] is null)
            {
                endpoints.GatewayListeningEndpoint = new IPEndPoint(ip, endpoints.GatewayPort);
            }
        });
        if (settings.Membership.Exists())
        {
            silo.Services.AddOptions<ClusterMembershipOptions>().Bind(settings.Membership);
        }

        foreach (var assembly in settings.Providers.Select(p => p.Type.Assembly).Distinct())
        {
            // Provider assemblies loaded from ProviderPaths may bring serializable argument types of their own.
            silo.Services.AddSerializer(serializer => serializer.AddAssembly(assembly));
        }

        return silo.AddMochi(mochi => AddProviders(mochi, settings));
    }

    private static void AddProviders(MochiSiloBuilder mochi, SiloHostSettings settings)
    {
        // The engine connects to other clusters as this one is named (in a pod, maybe by ORLEANS_CLUSTER_ID).
        mochi.Services.AddOptions<EngineOptions>().Configure<IOptions<ClusterOptions>>((engine, cluster) =>
        {
            engine.ClusterId = cluster.Value.ClusterId;
            engine.ServiceId = cluster.Value.ServiceId;
        });

        foreach (var provider in settings.Providers)
        {
            if (provider.Kind == ProviderKind.Virtual)
            {
                mochi.AddProvider(provider.Type, provider.ProviderId, provider.ServiceName);
            }
            else
            {
                mochi.AddProvider(sp => CreateInstance(sp, provider), provider.ProviderId, provider.ServiceName);
            }
        }

        mochi.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, FinalizeWatcher>());
    }

    private static object CreateInstance(IServiceProvider services, HostedProvider provider)
    {
        // A constructor that asks for IConfiguration gets the entry's Config section rather than the application's.
        var takesConfiguration = provider.Type.GetConstructors()
            .Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(IConfiguration)));
        return takesConfiguration
            ? ActivatorUtilities.CreateInstance(services, provider.Type, provider.Config)
            : ActivatorUtilities.CreateInstance(services, provider.Type);
    }
}
