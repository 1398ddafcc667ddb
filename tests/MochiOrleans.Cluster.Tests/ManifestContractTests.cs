using System.Globalization;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using MochiOrleans.Cluster.Tests.Infrastructure;
using MochiOrleans.Silo.Host.Configuration;
using MochiOrleans.Silo.Host.Health;

namespace MochiOrleans.Cluster.Tests;

/// <summary>
/// The contract between deploy/k8s and the silo host, checked on typed Kubernetes objects: what the pods are given is
/// a configuration the host accepts, and ports, probes and timeouts agree with what the host then does.
/// </summary>
public sealed class ManifestContractTests
{
    private const string Silo = "mochi-silo";
    private static readonly KubernetesManifests Manifests = KubernetesManifests.Load();

    private static V1PodSpec Pod => Manifests.Deployment(Silo).Spec.Template.Spec;

    private static V1Container Container => Assert.Single(Pod.Containers);

    [Fact]
    public void Every_resource_of_the_kustomization_parses_into_a_typed_kubernetes_object()
    {
        var kinds = Manifests.Resources.Select(r => r.GetType().Name).Order(StringComparer.Ordinal);
        Assert.Equal(
            ["V1Deployment", "V1Deployment", "V1Namespace", "V1PodDisruptionBudget", "V1Role", "V1RoleBinding", "V1Service", "V1Service", "V1ServiceAccount"],
            kinds);
        Assert.Equal("mochi", Manifests.Kustomization.Namespace);
        Assert.Equal("mochi", Manifests.Single<V1Namespace>("mochi").Metadata.Name);
    }

    [Fact]
    public void The_silo_pods_are_given_every_environment_variable_the_silo_reads()
    {
        var fromConfigMap = Assert.Single(Container.EnvFrom).ConfigMapRef;
        Assert.Equal(Manifests.SiloConfig.Metadata.Name, fromConfigMap.Name);
        var given = Container.Env.Select(e => e.Name).Concat(Manifests.SiloConfig.Data.Keys).ToList();
        Assert.Equal(given.Count, given.Distinct(StringComparer.Ordinal).Count());
        Assert.All(DeploymentEnvironment.Variables, variable => Assert.Contains(variable, given));

        // Per-pod values come from the downward API.
        var downward = Container.Env.Where(e => e.ValueFrom?.FieldRef is not null).ToDictionary(e => e.Name, e => e.ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.name", downward["POD_NAME"]);
        Assert.Equal("status.podIP", downward["POD_IP"]);
        Assert.Equal("metadata.namespace", downward[DeploymentEnvironment.PodNamespace]);
    }

    [Fact]
    public void The_pod_environment_is_a_valid_silo_configuration_whose_ports_match_the_manifests()
    {
        var settings = LoadPodSettings();

        Assert.Equal(ClusteringKind.Redis, settings.Options.Clustering);
        Assert.True(settings.Options.ListenOnAnyHostAddress);
        Assert.True(settings.Kubernetes);
        Assert.Equal(settings.Options.SiloPort, ContainerPort("silo"));
        Assert.Equal(settings.Options.GatewayPort, ContainerPort("gateway"));
        Assert.Equal(settings.Options.HealthPort, ContainerPort("health"));

        var gateway = Assert.Single(Manifests.Service("mochi-gateway").Spec.Ports);
        Assert.Equal(settings.Options.GatewayPort, ContainerPort(gateway.TargetPort.Value));
        Assert.Equal(settings.Options.GatewayPort, gateway.Port);

        // Orleans clients must reach each gateway at its advertised address (the pod IP): a Service's virtual IP
        // would get their system messages forwarded to an address that is no silo. Headless: DNS gives pod IPs.
        Assert.Equal("None", Manifests.Service("mochi-gateway").Spec.ClusterIP);
    }

    [Fact]
    public void The_probes_call_the_health_endpoints_the_silo_serves_on_its_health_port()
    {
        var settings = LoadPodSettings();
        var probes = new[] { (Container.StartupProbe, HealthEndpoints.LivePath), (Container.LivenessProbe, HealthEndpoints.LivePath), (Container.ReadinessProbe, HealthEndpoints.ReadyPath) };
        foreach (var (probe, path) in probes)
        {
            Assert.NotNull(probe?.HttpGet);
            Assert.Equal(path, probe.HttpGet.Path);
            Assert.Equal(settings.Options.HealthPort, ContainerPort(probe.HttpGet.Port.Value));
        }
    }

    [Fact]
    public void The_termination_grace_period_exceeds_the_host_shutdown_timeout()
    {
        var settings = LoadPodSettings();
        Assert.NotNull(Pod.TerminationGracePeriodSeconds);
        Assert.True(
            TimeSpan.FromSeconds(Pod.TerminationGracePeriodSeconds.Value) > settings.Options.ShutdownTimeout,
            $"terminationGracePeriodSeconds {Pod.TerminationGracePeriodSeconds} must exceed Mochi:Host:ShutdownTimeout {settings.Options.ShutdownTimeout}.");
    }

    [Fact]
    public void Membership_is_the_redis_of_the_manifests()
    {
        var settings = LoadPodSettings();
        var (host, port) = (settings.Options.RedisConnectionString!.Split(':')[0], settings.Options.RedisConnectionString.Split(':')[1]);
        var redis = Manifests.Service(host);
        Assert.Contains(redis.Spec.Ports, p => p.Port.ToString(CultureInfo.InvariantCulture) == port);
        Assert.True(Selects(redis.Spec.Selector, Manifests.Deployment(host).Spec.Template.Metadata.Labels));
    }

    [Fact]
    public void The_silo_service_account_may_read_watch_and_label_its_pods_for_orleans_kubernetes_hosting()
    {
        var account = Manifests.Single<V1ServiceAccount>(Pod.ServiceAccountName);
        var binding = Assert.Single(Manifests.Resources.OfType<V1RoleBinding>(), b => b.Subjects.Any(s => s.Kind == "ServiceAccount" && s.Name == account.Metadata.Name));
        var role = Manifests.Single<V1Role>(binding.RoleRef.Name);
        var pods = Assert.Single(role.Rules, r => r.Resources.Contains("pods"));
        Assert.Superset(new HashSet<string>(["get", "list", "watch", "patch"]), pods.Verbs.ToHashSet());
    }

    [Fact]
    public void Silos_run_as_a_non_root_user_without_privilege_escalation()
    {
        Assert.True(Pod.SecurityContext.RunAsNonRoot);
        Assert.NotEqual(0, Pod.SecurityContext.RunAsUser);
        Assert.False(Container.SecurityContext.AllowPrivilegeEscalation);
    }

    [Fact]
    public void The_deployment_the_gateway_service_and_the_disruption_budget_all_select_the_silo_pods()
    {
        var deployment = Manifests.Deployment(Silo);
        var labels = deployment.Spec.Template.Metadata.Labels;
        Assert.True(Selects(deployment.Spec.Selector.MatchLabels, labels));
        Assert.True(Selects(Manifests.Service("mochi-gateway").Spec.Selector, labels));
        var budget = Manifests.Single<V1PodDisruptionBudget>(Silo);
        Assert.True(Selects(budget.Spec.Selector.MatchLabels, labels));
        Assert.True(budget.Spec.MaxUnavailable?.Value == "1" || int.Parse(budget.Spec.MinAvailable.Value, CultureInfo.InvariantCulture) < deployment.Spec.Replicas);
    }

    [Fact]
    public void The_local_cluster_script_gives_each_silo_the_same_environment()
    {
        var script = File.ReadAllText(Repository.PathOf("deploy/local-cluster.sh"));
        Assert.Contains(SiloEnvironmentFile.RelativePath, script, StringComparison.Ordinal);
        foreach (var variable in new[] { "POD_NAME", "POD_IP", DeploymentEnvironment.PodNamespace })
        {
            Assert.Matches($@"export [^\n]*\b{variable}=", script);
        }
    }

    /// <summary>
    /// The configuration a silo pod gets: the ConfigMap and the downward API (with example values), through the host's
    /// own loading and validation. The image has the sample providers in /app/providers (deploy/Dockerfile); here
    /// they are loaded from their build output.
    /// </summary>
    private static SiloHostSettings LoadPodSettings()
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["POD_NAME"] = "mochi-silo-0",
            ["POD_IP"] = "10.1.2.3",
            [DeploymentEnvironment.PodNamespace] = "mochi",
            [DeploymentEnvironment.KubernetesServiceHost] = "10.0.0.1",
        };
        foreach (var (key, value) in Manifests.SiloConfig.Data)
        {
            environment[key] = value;
        }

        Assert.Equal("/app/providers", environment["Mochi__Host__ProviderPaths__0"]);
        environment["Mochi__Host__ProviderPaths__0"] = Repository.ClusterProviders;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(p => new KeyValuePair<string, string?>(p.Key.Replace("__", ":", StringComparison.Ordinal), p.Value)))
            .AddEnvironmentAliases(name => environment.GetValueOrDefault(name))
            .Build();
        return SiloHostSettings.Load(configuration, name => environment.GetValueOrDefault(name));
    }

    private static int ContainerPort(string name) => Assert.Single(Container.Ports, p => p.Name == name).ContainerPort;

    private static bool Selects(IDictionary<string, string> selector, IDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(pair => labels.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
