using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using MochiOrleans.Silo.Host.Configuration;

namespace MochiOrleans.Cluster.Tests;

/// <summary>How the silo host reads appsettings.json and the environment, and how it refuses what it cannot run.</summary>
public sealed class SiloHostConfigurationTests
{
    private static readonly string Echo = typeof(ClusterProviders.EchoProvider).FullName + ",ClusterProviders";
    private static readonly string Node = typeof(ClusterProviders.NodeProvider).FullName + ",ClusterProviders";

    [Fact]
    public void Without_configuration_the_host_is_a_localhost_silo_on_the_documented_ports()
    {
        var settings = Load();

        Assert.Equal(ClusteringKind.Localhost, settings.Options.Clustering);
        Assert.Equal(IPAddress.Loopback, settings.AdvertisedIP);
        Assert.Equal(IPAddress.Loopback, settings.ListenIP);
        Assert.Equal((11111, 30000, 8080), (settings.Options.SiloPort, settings.Options.GatewayPort, settings.Options.HealthPort));
        Assert.Equal(("mochi", "mochi"), (settings.Options.ClusterId, settings.Options.ServiceId));
        Assert.False(settings.Kubernetes);
        Assert.Empty(settings.Providers);
    }

    [Fact]
    public void The_conventional_kubernetes_variables_override_the_host_section()
    {
        var settings = Load(
            environment: new() { ["POD_IP"] = "10.1.2.3", ["ORLEANS_CLUSTER_ID"] = "blue", ["POD_NAME"] = "silo-7", ["KUBERNETES_SERVICE_HOST"] = "10.0.0.1" },
            values: [("Mochi:Host:ClusterId", "ignored"), ("Mochi:Host:ListenOnAnyHostAddress", "true")]);

        Assert.Equal(IPAddress.Parse("10.1.2.3"), settings.AdvertisedIP);
        Assert.Equal(IPAddress.Any, settings.ListenIP);
        Assert.Equal("blue", settings.Options.ClusterId);
        Assert.Equal("silo-7", settings.Options.SiloName);
        Assert.True(settings.Kubernetes);
        Assert.Equal("tcp://10.1.2.3:30000", settings.EngineAddress);
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
        var failures = Failures(values: [("Mochi:Host:Clustering", "Redis")]);

        Assert.Contains(failures, f => f.StartsWith("Mochi:Host:RedisConnectionString (environment Mochi__Host__RedisConnectionString) is required", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Mochi:Host:AdvertisedIP (environment POD_IP or Mochi__Host__AdvertisedIP) is required", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Mochi:Host:GatewayPort", "70000", "Mochi:Host:GatewayPort (environment Mochi__Host__GatewayPort): 70000 is not a port")]
    [InlineData("Mochi:Host:HealthPort", "11111", "Mochi:Host:SiloPort and Mochi:Host:HealthPort are both 11111")]
    [InlineData("Mochi:Host:AdvertisedIP", "0.0.0.0", "Mochi:Host:AdvertisedIP (environment POD_IP or Mochi__Host__AdvertisedIP): '0.0.0.0' cannot be advertised")]
    [InlineData("Mochi:Host:ShutdownTimeout", "00:00:10", "Mochi:Host:ShutdownTimeout (environment Mochi__Host__ShutdownTimeout) (00:00:10) must exceed Mochi:FinalizeCallbackTimeout")]
    [InlineData("Mochi:Host:SiloPrt", "1", "Mochi:Host:SiloPrt is not a setting of the silo host")]
    [InlineData("Mochi:Host:SiloPort", "many", "Failed to convert configuration value 'many' at 'Mochi:Host:SiloPort'")]
    [InlineData("Mochi:Host:Membership:ProbeTimeot", "00:00:02", "Mochi:Host:Membership:")]
    [InlineData("Mochi:Host:ProviderPaths:0", "/no/such/dir", "Mochi:Host:ProviderPaths:0 (environment Mochi__Host__ProviderPaths__0): '/no/such/dir' is neither a file nor a directory")]
    [InlineData("Mochi:TlsCaPath", "/no/such/ca.crt", "Mochi:TlsCaPath: '/no/such/ca.crt' does not exist")]
    [InlineData("Mochi:TlsKeyPath", "/no/such/tls.key", "Mochi:TlsKeyPath is set without Mochi:TlsCertificatePath")]
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
                ["Mochi:Host:GatewayPort"] = port,
                ["Mochi:Host:SiloPort"] = others[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Mochi:Host:HealthPort"] = others[1].ToString(System.Globalization.CultureInfo.InvariantCulture),
            })));

        Assert.Contains(exception.Failures, f => f.StartsWith("Mochi:Host:GatewayPort", StringComparison.Ordinal) && f.Contains(port, StringComparison.Ordinal));
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
            .AddEnvironmentAliases(name => environment.GetValueOrDefault(name))
            .Build();
        return SiloHostSettings.Load(configuration, name => environment.GetValueOrDefault(name));
    }
}
