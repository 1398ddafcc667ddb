using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MochiOrleans.Silo.Host.Configuration;

namespace MochiOrleans.Cluster.Tests;

/// <summary>How the silo host reads appsettings.json and the environment, and how it refuses what it cannot run.</summary>
public sealed class SiloHostConfigurationTests
{
    private static readonly string Echo = typeof(ClusterProviders.EchoProvider).FullName + ",ClusterProviders";
    private static readonly string Node = typeof(ClusterProviders.NodeProvider).FullName + ",ClusterProviders";

    [Fact]
    public void Without_configuration_the_host_is_a_development_silo_on_the_documented_ports()
    {
        var settings = Load();

        Assert.Equal(ClusteringKind.Development, settings.Clustering);
        Assert.Equal(IPAddress.Loopback, settings.AdvertisedIP);
        Assert.Equal(IPAddress.Loopback, settings.ListenIP);
        Assert.Equal((11111, 30000, 8080), (settings.SiloPort, settings.GatewayPort, settings.Options.HealthPort));
        Assert.Equal(("mochi", "mochi"), (settings.ClusterId, settings.ServiceId));
        Assert.False(settings.Kubernetes);
        Assert.Empty(settings.Providers);
    }

    [Fact]
    public async Task The_silo_takes_its_ids_endpoints_and_clustering_from_Orleans_own_section()
    {
        var ports = FreePorts.Take(3);
        var app = MochiOrleans.Silo.Host.SiloHost.Build(
            [],
            _ => null,
            configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Orleans:ClusterId"] = "blue",
                ["Orleans:ServiceId"] = "sky",
                ["Orleans:Name"] = "silo-7",
                ["Orleans:Endpoints:SiloPort"] = ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Orleans:Endpoints:GatewayPort"] = ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Mochi:Host:HealthPort"] = ports[2].ToString(System.Globalization.CultureInfo.InvariantCulture),
            }));
        await using var disposeApp = app;

        var cluster = app.Services.GetRequiredService<IOptions<Orleans.Configuration.ClusterOptions>>().Value;
        var endpoints = app.Services.GetRequiredService<IOptions<Orleans.Configuration.EndpointOptions>>().Value;
        var silo = app.Services.GetRequiredService<IOptions<Orleans.Configuration.SiloOptions>>().Value;
        var development = app.Services.GetRequiredService<IOptions<Orleans.Configuration.DevelopmentClusterMembershipOptions>>().Value;
        var engine = app.Services.GetRequiredService<IOptions<EngineOptions>>().Value;

        Assert.Equal(("blue", "sky", "silo-7"), (cluster.ClusterId, cluster.ServiceId, silo.SiloName));
        Assert.Equal(("blue", "sky"), (engine.ClusterId, engine.ServiceId));
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, ports[1]), endpoints.GatewayListeningEndpoint);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, ports[0]), endpoints.SiloListeningEndpoint);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, ports[0]), development.PrimarySiloEndpoint);
    }

    [Fact]
    public void In_a_pod_the_pod_ip_is_left_to_orleans_kubernetes_hosting_and_names_the_engine()
    {
        var settings = Load(
            environment: new() { ["POD_IP"] = "10.1.2.3", ["KUBERNETES_SERVICE_HOST"] = "10.0.0.1" },
            values: [("Orleans:ClusterId", "blue"), ("Orleans:Clustering:ProviderType", "Redis"), ("Orleans:Clustering:ConnectionString", "mochi-redis:6379"), ("Mochi:Host:ListenOnAnyHostAddress", "true")]);

        Assert.Null(settings.AdvertisedIP);
        Assert.Equal(IPAddress.Any, settings.ListenIP);
        Assert.Equal("blue", settings.ClusterId);
        Assert.True(settings.Kubernetes);
        Assert.Equal("tcp://10.1.2.3:30000", settings.EngineAddress);
    }

    [Theory]
    [InlineData("ClusterId", "Orleans:ClusterId")]
    [InlineData("Clustering", "Orleans:Clustering:ProviderType")]
    [InlineData("GatewayPort", "Orleans:Endpoints:GatewayPort")]
    [InlineData("AdvertisedIP", "Orleans:Endpoints:AdvertisedIPAddress")]
    public void A_host_key_that_moved_to_the_Orleans_section_is_refused_naming_its_new_key(string old, string moved)
    {
        var failures = Failures(values: [($"Mochi:Host:{old}", "1")]);

        Assert.Contains(failures, f => f.StartsWith($"Mochi:Host:{old} is not a setting of the silo host any more: Orleans reads {moved}", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Port", "50051", "Mochi:Gateway:Port")]
    [InlineData("ListenAddress", "0.0.0.0", "Mochi:Gateway:ListenAddress")]
    public void A_host_gateway_key_that_became_the_engine_s_own_is_refused_naming_its_new_key(string old, string value, string moved)
    {
        var failures = Failures(values: [($"Mochi:Host:Gateway:{old}", value)]);

        Assert.Contains(failures, f => f.StartsWith($"Mochi:Host:Gateway:{old} is not a setting of the silo host any more: the engine reads {moved} (environment {moved.Replace(":", "__", StringComparison.Ordinal)})", StringComparison.Ordinal));
    }

    [Fact]
    public void The_gateway_is_the_engine_s_setting_off_by_default_and_on_loopback_unless_told()
    {
        Assert.Null(Load().Gateway.Port);

        var settings = Load(values: [("Mochi:Gateway:Port", "50051")]);

        Assert.Equal((50051, "127.0.0.1"), (settings.Gateway.Port, settings.Gateway.ListenAddress));
    }

    [Fact]
    public void Providers_are_bound_with_their_kind_and_an_instance_provider_keeps_its_config_section()
    {
        var settings = Load(values:
        [
            ("Mochi:Host:Providers:0:Type", Echo),
            ("Mochi:Host:Providers:0:ProviderId", "1"),
            ("Mochi:Host:Providers:1:Type", Node),
            ("Mochi:Host:Providers:1:ProviderId", "65534"),
            ("Mochi:Host:Providers:1:Kind", "Instance"),
            ("Mochi:Host:Providers:1:ServiceName", "renamed"),
            ("Mochi:Host:Providers:1:Config:Label", "first"),
        ]);

        Assert.Collection(
            settings.Providers,
            echo => Assert.Equal((typeof(ClusterProviders.EchoProvider), (ushort)1, ProviderKind.Virtual, null), (echo.Type, echo.ProviderId, echo.Kind, echo.ServiceName)),
            node =>
            {
                Assert.Equal((typeof(ClusterProviders.NodeProvider), (ushort)65534, ProviderKind.Instance, "renamed"), (node.Type, node.ProviderId, node.Kind, node.ServiceName));
                Assert.Equal("first", node.Config["Label"]);
            });
    }

    [Fact]
    public void Redis_clustering_needs_a_connection_string_and_an_advertised_ip_and_says_so()
    {
        var failures = Failures(values: [("Orleans:Clustering:ProviderType", "Redis")]);

        Assert.Contains(failures, f => f.StartsWith("Orleans:Clustering:ConnectionString (environment Orleans__Clustering__ConnectionString) is required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Orleans:Endpoints:AdvertisedIPAddress (environment Orleans__Endpoints__AdvertisedIPAddress) is required", StringComparison.Ordinal));
    }

    [Fact]
    public void The_redis_password_is_a_setting_of_its_own_that_reaches_the_membership_store()
    {
        var settings = Load(values:
        [
            ("Orleans:Clustering:ProviderType", "Redis"),
            ("Orleans:Clustering:ConnectionString", "mochi-redis:6379"),
            ("Orleans:Endpoints:AdvertisedIPAddress", "10.1.2.3"),
            ("Mochi:Host:RedisPassword", "s3cret,with=odd;chars"),
        ]);

        var redis = settings.CreateRedisConfiguration();
        Assert.Equal("s3cret,with=odd;chars", redis.Password);
        Assert.Equal(new DnsEndPoint("mochi-redis", 6379), Assert.Single(redis.EndPoints));
    }

    [Theory]
    [InlineData("Redis", "mochi-redis:6379,password=other", "s3cret", "Orleans:Clustering:ConnectionString (environment Orleans__Clustering__ConnectionString) has a password and Mochi:Host:RedisPassword is set too")]
    [InlineData("Redis", "mochi-redis:6379", "", "Mochi:Host:RedisPassword (environment Mochi__Host__RedisPassword) is empty")]
    [InlineData("Development", "", "s3cret", "Mochi:Host:RedisPassword (environment Mochi__Host__RedisPassword) is set but Orleans:Clustering:ProviderType is Development")]
    [InlineData("Development", "", null, "Mochi:Host:RedisTlsCaPath (environment Mochi__Host__RedisTlsCaPath) is set but Orleans:Clustering:ProviderType is Development", "/etc/ca.crt")]
    [InlineData("Redis", "mochi-redis:6379", null, "Mochi:Host:RedisTlsCaPath (environment Mochi__Host__RedisTlsCaPath): '/no/such/ca.crt' is not a file", "/no/such/ca.crt")]
    public void A_redis_password_or_ca_that_would_be_ignored_conflict_or_not_load_is_refused(string clustering, string connectionString, string? password, string expected, string? ca = null)
    {
        (string, string)[] values = [("Orleans:Clustering:ProviderType", clustering), ("Orleans:Clustering:ConnectionString", connectionString), ("Orleans:Endpoints:AdvertisedIPAddress", "10.1.2.3")];
        values = [.. values, .. password is null ? [] : new[] { ("Mochi:Host:RedisPassword", password) }, .. ca is null ? [] : new[] { ("Mochi:Host:RedisTlsCaPath", ca) }];
        var failures = Failures(values: values);

        Assert.Contains(failures, f => f.StartsWith(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains("s3cret", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Orleans:Endpoints:GatewayPort", "70000", "Orleans:Endpoints:GatewayPort (environment Orleans__Endpoints__GatewayPort): '70000' is not a port")]
    [InlineData("Mochi:Host:HealthPort", "11111", "Orleans:Endpoints:SiloPort and Mochi:Host:HealthPort are both 11111")]
    [InlineData("Orleans:Endpoints:AdvertisedIPAddress", "0.0.0.0", "Orleans:Endpoints:AdvertisedIPAddress (environment Orleans__Endpoints__AdvertisedIPAddress): '0.0.0.0' cannot be advertised")]
    [InlineData("Orleans:Clustering:ProviderType", "Consul", "Orleans:Clustering:ProviderType (environment Orleans__Clustering__ProviderType): 'Consul' is not a clustering provider of the silo host")]
    [InlineData("Orleans:ClusterId", " ", "Orleans:ClusterId (environment Orleans__ClusterId) must not be empty")]
    [InlineData("Mochi:ConnectTimeout", "00:00:00", "Mochi:ConnectTimeout: 00:00:00 is not a timeout")]
    [InlineData("Mochi:Host:ShutdownTimeout", "00:00:10", "Mochi:Host:ShutdownTimeout (environment Mochi__Host__ShutdownTimeout) (00:00:10) must exceed Mochi:FinalizeCallbackTimeout")]
    [InlineData("Mochi:Host:SiloPrt", "1", "Mochi:Host:SiloPrt is not a setting of the silo host")]
    [InlineData("Mochi:Host:HealthPort", "many", "Failed to convert configuration value 'many' at 'Mochi:Host:HealthPort'")]
    [InlineData("Mochi:Host:Membership:ProbeTimeot", "00:00:02", "Mochi:Host:Membership:")]
    [InlineData("Mochi:Host:ProviderPaths:0", "/no/such/dir", "Mochi:Host:ProviderPaths:0 (environment Mochi__Host__ProviderPaths__0): '/no/such/dir' is neither a file nor a directory")]
    [InlineData("Mochi:TlsCaPath", "/no/such/ca.crt", "Mochi:TlsCaPath: '/no/such/ca.crt' does not exist")]
    [InlineData("Mochi:TlsKeyPath", "/no/such/tls.key", "Mochi:TlsKeyPath is set without Mochi:TlsCertificatePath")]
    [InlineData("Mochi:Gateway:Port", "30000", "Orleans:Endpoints:GatewayPort and Mochi:Gateway:Port are both 30000")]
    [InlineData("Mochi:Gateway:Port", "8080", "Mochi:Host:HealthPort and Mochi:Gateway:Port are both 8080")]
    [InlineData("Mochi:BulkChannelPort", "11111", "Orleans:Endpoints:SiloPort and Mochi:BulkChannelPort are both 11111")]
    [InlineData("Mochi:Gateway:Port", "70000", "Mochi:Gateway:Port: 70000 is not a port")]
    [InlineData("Mochi:Gateway:ListenAddress", "not-an-ip", "Mochi:Gateway:ListenAddress: 'not-an-ip' is not an IP address")]
    [InlineData("Mochi:Gateway:Colour", "blue", "Mochi:Gateway:Colour is not a setting")]
    public void A_bad_setting_is_refused_naming_its_key(string key, string value, string expected)
    {
        Assert.Contains(Failures(values: [(key, value)]), f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_bad_provider_entry_is_refused_naming_the_entry_and_the_field()
    {
        var failures = Failures(values:
        [
            ("Mochi:Host:Providers:0:Type", "No.Such.Provider,NoSuchAssembly"),
            ("Mochi:Host:Providers:0:ProviderId", "65535"),
            ("Mochi:Host:Providers:1:Type", typeof(SiloHostConfigurationTests).AssemblyQualifiedName!),
            ("Mochi:Host:Providers:1:ProviderId", "2"),
            ("Mochi:Host:Providers:2:Type", Echo),
            ("Mochi:Host:Providers:2:Config:Label", "virtual providers take none"),
        ]);

        Assert.Contains(failures, f => f.StartsWith("Mochi:Host:Providers:0:Type (environment Mochi__Host__Providers__0__Type): cannot load 'No.Such.Provider,NoSuchAssembly'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Mochi:Host:Providers:0:ProviderId (environment Mochi__Host__Providers__0__ProviderId): 65535 is not a provider id", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Mochi:Host:Providers:1:Type", StringComparison.Ordinal) && f.Contains("has no [Remote] method", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Mochi:Host:Providers:2:ProviderId (environment Mochi__Host__Providers__2__ProviderId) is required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Mochi:Host:Providers:2:Config: only instance providers take a Config section", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ProviderId", "abc")]
    [InlineData("Kind", "Instanse")]
    public void A_provider_entry_whose_value_does_not_convert_is_refused_naming_the_entry_instead_of_being_dropped(string field, string value)
    {
        var failures = Failures(values:
        [
            ("Mochi:Host:Providers:0:Type", Echo),
            ("Mochi:Host:Providers:0:ProviderId", field == "ProviderId" ? value : "1"),
            ("Mochi:Host:Providers:0:Kind", field == "Kind" ? value : "Virtual"),
        ]);

        Assert.Contains(failures, f => f.StartsWith("Mochi:Host:Providers:0:", StringComparison.Ordinal) && f.Contains($"'{value}'", StringComparison.Ordinal) && f.Contains($"Mochi:Host:Providers:0:{field}", StringComparison.Ordinal));
    }

    [Fact]
    public void A_gateway_port_already_in_use_is_refused_naming_its_key_instead_of_being_shared()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var others = FreePorts.Take(2);

        var exception = Assert.Throws<OptionsValidationException>(() => MochiOrleans.Silo.Host.SiloHost.Build(
            [],
            _ => null,
            configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Orleans:Endpoints:GatewayPort"] = port,
                ["Orleans:Endpoints:SiloPort"] = others[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Mochi:Host:HealthPort"] = others[1].ToString(System.Globalization.CultureInfo.InvariantCulture),
            })));

        Assert.Contains(exception.Failures, f => f.StartsWith("Orleans:Endpoints:GatewayPort", StringComparison.Ordinal) && f.Contains(port, StringComparison.Ordinal));
    }

    private static IReadOnlyList<string> Failures(Dictionary<string, string?>? environment = null, (string Key, string Value)[]? values = null)
    {
        var exception = Assert.Throws<OptionsValidationException>(() => Load(environment, values));
        return [.. exception.Failures];
    }

    private static SiloHostSettings Load(Dictionary<string, string?>? environment = null, (string Key, string Value)[]? values = null)
    {
        environment ??= [];
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection((values ?? []).Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
        return SiloHostSettings.Load(configuration, name => environment.GetValueOrDefault(name));
    }
}
