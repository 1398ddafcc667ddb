using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MochiOrleans.Silo.Host.Configuration;
using Orleans.Configuration;
using Orleans.Serialization;

namespace MochiOrleans.Silo.Host;

/// <summary>Composes an Orleans silo with MochiOrleans from validated <see cref="SiloHostSettings"/>.</summary>
internal static class SiloBuilderSettingsExtensions
{
    public static ISiloBuilder UseHostSettings(this ISiloBuilder silo, SiloHostSettings settings)
    {
        var options = settings.Options;
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
        });
        if (!string.IsNullOrWhiteSpace(options.SiloName))
        {
            // Orleans' Kubernetes hosting matches silos to pods by this name.
            silo.Configure<SiloOptions>(o => o.SiloName = options.SiloName);
        }

        if (options.Clustering == ClusteringKind.Redis)
        {
            silo.UseRedisClustering(redis => redis.ConfigurationOptions = settings.CreateRedisConfiguration());
        }
        else
        {
            // A cluster of one: the silo is its own primary.
            silo.UseDevelopmentClustering(new IPEndPoint(settings.AdvertisedIP, options.SiloPort));
        }

        silo.ConfigureEndpoints(settings.AdvertisedIP, options.SiloPort, options.GatewayPort, options.ListenOnAnyHostAddress);
        if (settings.Membership.Exists())
        {
            silo.Services.AddOptions<ClusterMembershipOptions>().Bind(settings.Membership);
        }

        if (settings.Kubernetes)
        {
            silo.UseKubernetesHosting();
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
        var options = settings.Options;

        // The engine connects to other clusters as this one is named.
        mochi.Configure(o =>
        {
            o.ClusterId = options.ClusterId;
            o.ServiceId = options.ServiceId;
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
