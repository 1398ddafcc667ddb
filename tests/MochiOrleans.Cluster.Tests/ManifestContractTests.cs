using System.Globalization;
using System.Text.RegularExpressions;
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
    private const string Redis = "mochi-redis";

    private static readonly string[] TokenVariables = ["Mochi__AccessToken", "Mochi__AdminToken"];

    /// <summary>
    /// EngineOptions that API.md ("Transport security and access control") pins but that the controlplane branch has
    /// not yet added to main; once it has, reflection over EngineOptions checks them like every other option.
    /// </summary>
    private static readonly HashSet<string> PinnedEngineOptions = ["AccessToken", "AdminToken"];
    private static readonly KubernetesManifests Manifests = KubernetesManifests.Load();

    private static V1PodSpec Pod => Manifests.Deployment(Silo).Spec.Template.Spec;

    private static V1Container Container => Assert.Single(Pod.Containers);

    [Fact]
    public void Every_resource_of_the_kustomization_parses_into_a_typed_kubernetes_object()
    {
        var kinds = Manifests.Resources.Select(r => r.GetType().Name).Order(StringComparer.Ordinal);
        Assert.Equal(
            [
                "V1Deployment", "V1Deployment", "V1Namespace",
                "V1NetworkPolicy", "V1NetworkPolicy", "V1NetworkPolicy", "V1NetworkPolicy", "V1NetworkPolicy",
                "V1PodDisruptionBudget", "V1Role", "V1RoleBinding", "V1Service", "V1Service", "V1ServiceAccount",
            ],
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
        Assert.Equal("metadata.namespace", downward["POD_NAMESPACE"]);
        Assert.All(DeploymentEnvironment.PodVariables, variable => Assert.Contains(variable, downward.Keys));
    }

    [Fact]
    public void The_pod_environment_is_a_valid_silo_configuration_whose_ports_match_the_manifests()
    {
        var settings = LoadPodSettings();

        Assert.Equal(ClusteringKind.Redis, settings.Clustering);
        Assert.True(settings.Options.ListenOnAnyHostAddress);
        Assert.True(settings.Kubernetes);
        Assert.Equal(settings.SiloPort, ContainerPort("silo"));
        Assert.Equal(settings.GatewayPort, ContainerPort("gateway"));
        Assert.Equal(settings.Options.HealthPort, ContainerPort("health"));
        Assert.Equal(int.Parse(Manifests.SiloConfig.Data["Mochi__BulkChannelPort"], CultureInfo.InvariantCulture), ContainerPort("bulk"));

        var gateway = Assert.Single(Manifests.Service("mochi-gateway").Spec.Ports);
        Assert.Equal(settings.GatewayPort, ContainerPort(gateway.TargetPort.Value));
        Assert.Equal(settings.GatewayPort, gateway.Port);

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
        var (host, port) = (settings.RedisConnectionString!.Split(':')[0], settings.RedisConnectionString.Split(':')[1]);
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
    public void Every_container_runs_unprivileged_read_only_without_capabilities_and_with_resources()
    {
        foreach (var deployment in Manifests.Resources.OfType<V1Deployment>())
        {
            var pod = deployment.Spec.Template.Spec;
            var name = deployment.Metadata.Name;
            Assert.NotNull(pod.SecurityContext);
            Assert.True(pod.SecurityContext.RunAsNonRoot, name);
            Assert.True(pod.SecurityContext.RunAsUser > 0, name);
            Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile?.Type);
            foreach (var container in (pod.InitContainers ?? []).Concat(pod.Containers))
            {
                var where = $"{name}/{container.Name}";
                var context = container.SecurityContext;
                Assert.NotNull(context);
                Assert.True(context.AllowPrivilegeEscalation == false, where);
                Assert.True(context.ReadOnlyRootFilesystem == true, where);
                Assert.NotEqual(true, context.Privileged);
                Assert.NotNull(context.Capabilities);
                Assert.Equal(["ALL"], context.Capabilities.Drop);
                Assert.Empty(context.Capabilities.Add ?? []);
                Assert.True(context.RunAsUser is null or > 0, where);
                Assert.True(container.Resources?.Requests?.ContainsKey("cpu") == true && container.Resources.Requests.ContainsKey("memory"), where);
                Assert.True(container.Resources.Limits?.ContainsKey("memory") == true, where);
            }
        }
    }

    [Fact]
    public void Only_the_silo_gets_a_service_account_token_because_only_orleans_kubernetes_hosting_calls_the_api()
    {
        Assert.True(LoadPodSettings().Kubernetes);
        Assert.True(Pod.AutomountServiceAccountToken);
        Assert.False(Manifests.Deployment(Redis).Spec.Template.Spec.AutomountServiceAccountToken);
    }

    [Fact]
    public void Redis_requires_the_password_of_the_secret_key_the_silos_read()
    {
        var redis = Manifests.Deployment(Redis).Spec.Template.Spec;
        var config = Assert.Single(redis.InitContainers);
        var server = Assert.Single(redis.Containers);

        // The init container writes requirepass from the Secret into a file on a memory-backed volume shared with
        // the server, which loads it: the password is in neither the server's command line nor its environment.
        var password = Assert.Single(config.Env, e => e.Name == "REDIS_PASSWORD").ValueFrom.SecretKeyRef;
        Assert.False(password.Optional);
        var script = Assert.Single(config.Command, c => c.Contains("requirepass", StringComparison.Ordinal));
        var match = Regex.Match(script, @"printf 'requirepass %s\\n' ""\$REDIS_PASSWORD"" > (?<file>/\S+)$");
        Assert.True(match.Success, script);
        var file = match.Groups["file"].Value;
        var written = Assert.Single(config.VolumeMounts, m => file.StartsWith(m.MountPath + "/", StringComparison.Ordinal));
        var shared = Assert.Single(redis.Volumes, v => v.Name == written.Name && v.EmptyDir is not null);
        Assert.Equal("Memory", shared.EmptyDir.Medium);
        Assert.Equal(MountPath(config, shared.Name), MountPath(server, shared.Name));
        Assert.Equal(["redis-server"], server.Command);
        Assert.Equal(file, server.Args[0]);
        Assert.Empty(server.Env ?? []);
        Assert.DoesNotContain(server.Args, a => a.Contains("requirepass", StringComparison.Ordinal));

        var siloPassword = Assert.Single(Container.Env, e => e.Name == DeploymentEnvironment.Variable(nameof(SiloHostOptions.RedisPassword))).ValueFrom.SecretKeyRef;
        Assert.Equal((password.Name, password.Key), (siloPassword.Name, siloPassword.Key));
        Assert.False(siloPassword.Optional);
        Assert.Equal(SiloPodEnvironment.ExampleSecretValue(password.Name, password.Key), LoadPodSettings().CreateRedisConfiguration().Password);
    }

    [Fact]
    public void Redis_serves_tls_only_with_its_secret_certificate_and_the_silos_trust_the_cluster_ca()
    {
        var redis = Manifests.Deployment(Redis).Spec.Template.Spec;
        var server = Assert.Single(redis.Containers);
        string Arg(string name) => server.Args[server.Args.IndexOf(name) + 1];

        Assert.Equal("0", Arg("--port"));
        Assert.Equal(Assert.Single(server.Ports, p => p.Name == "redis").ContainerPort.ToString(CultureInfo.InvariantCulture), Arg("--tls-port"));
        foreach (var (file, key) in new[] { (Arg("--tls-cert-file"), "tls.crt"), (Arg("--tls-key-file"), "tls.key") })
        {
            var mount = Assert.Single(server.VolumeMounts, m => file.StartsWith(m.MountPath + "/", StringComparison.Ordinal));
            Assert.True(mount.ReadOnlyProperty);
            var secret = Assert.Single(redis.Volumes, v => v.Name == mount.Name).Secret;
            Assert.False(secret.Optional);
            Assert.Equal(0, secret.DefaultMode & 0b000_000_111);
            Assert.Contains(secret.Items, i => i.Key == key && mount.MountPath + "/" + i.Path == file);
        }

        Assert.Equal(redis.SecurityContext.RunAsGroup, redis.SecurityContext.FsGroup);

        // The silos trust the CA of their own TLS Secret for Redis, and connect with TLS.
        var ca = Assert.Single(Container.Env, e => e.Name == DeploymentEnvironment.Variable(nameof(SiloHostOptions.RedisTlsCaPath))).Value;
        Assert.Equal(Assert.Single(Container.Env, e => e.Name == "Mochi__TlsCaPath").Value, ca);
        Assert.True(LoadPodSettings().CreateRedisConfiguration().Ssl);
    }

    [Theory]
    [InlineData("TlsCertificatePath")]
    [InlineData("TlsKeyPath")]
    [InlineData("TlsCaPath")]
    public void The_tls_settings_name_files_of_the_tls_secret_mounted_read_only(string setting)
    {
        var path = Assert.Single(Container.Env, e => e.Name == $"{EngineOptions.SectionName}__{setting}").Value;
        var mount = Assert.Single(Container.VolumeMounts, m => path.StartsWith(m.MountPath + "/", StringComparison.Ordinal));
        Assert.True(mount.ReadOnlyProperty);
        // A subPath mount would never see a renewed Secret.
        Assert.Null(mount.SubPath);
        var secret = Assert.Single(Pod.Volumes, v => v.Name == mount.Name).Secret;
        Assert.NotNull(secret);
        Assert.False(secret.Optional);
        Assert.Contains(secret.Items, item => mount.MountPath + "/" + item.Path == path);

        // Readable by the silo's group (fsGroup), by no other user.
        Assert.Equal(0, secret.DefaultMode & 0b000_000_111);
        Assert.Equal(Pod.SecurityContext.RunAsGroup, Pod.SecurityContext.FsGroup);
    }

    [Fact]
    public void The_gateway_requires_client_certificates_and_the_tokens_come_from_a_secret()
    {
        Assert.Equal("true", Assert.Single(Container.Env, e => e.Name == "Mochi__TlsRequireClientCertificate").Value);
        var tokens = TokenVariables
            .Select(name => Assert.Single(Container.Env, e => e.Name == name).ValueFrom?.SecretKeyRef)
            .ToList();
        Assert.All(tokens, token => Assert.False(Assert.IsType<V1SecretKeySelector>(token).Optional));
        Assert.NotEqual(tokens[0]!.Key, tokens[1]!.Key);
    }

    [Fact]
    public void Every_mochi_variable_of_the_silo_pod_binds_to_a_real_option()
    {
        var environment = SiloPodEnvironment.Of(Manifests, Container);
        foreach (var (name, value) in environment.Where(pair => pair.Key.StartsWith(EngineOptions.SectionName + "__", StringComparison.Ordinal)))
        {
            var path = name.Split("__");
            if (path[1] == "Host")
            {
                Assert.True(
                    path[2] == SiloHostOptions.MembershipKey || typeof(SiloHostOptions).GetProperty(path[2]) is not null,
                    $"{name}: SiloHostOptions has no {path[2]}.");
                continue;
            }

            Assert.Equal(2, path.Length);
            if (typeof(EngineOptions).GetProperty(path[1]) is { } property)
            {
                // The binder converts with the property type's converter: the value must convert.
                System.ComponentModel.TypeDescriptor.GetConverter(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType).ConvertFromInvariantString(value!);
            }
            else
            {
                Assert.True(PinnedEngineOptions.Contains(path[1]), $"{name}: EngineOptions has no {path[1]}, and API.md pins no such option.");
            }
        }
    }

    [Fact]
    public void Every_secret_the_pods_use_is_created_by_a_documented_command_and_none_is_kept_with_the_manifests()
    {
        Assert.Empty(Manifests.Resources.OfType<V1Secret>());
        var security = File.ReadAllText(Repository.PathOf("docs/security.md"));
        var used = Manifests.Resources.OfType<V1Deployment>()
            .Select(d => d.Spec.Template.Spec)
            .SelectMany(pod => (pod.InitContainers ?? []).Concat(pod.Containers)
                .SelectMany(c => c.Env ?? [])
                .Where(e => e.ValueFrom?.SecretKeyRef is not null)
                .Select(e => (e.ValueFrom.SecretKeyRef.Name, e.ValueFrom.SecretKeyRef.Key))
                .Concat((pod.Volumes ?? []).Where(v => v.Secret is not null).SelectMany(v => v.Secret.Items.Select(i => (v.Secret.SecretName, i.Key)))))
            .Distinct()
            .ToList();
        Assert.NotEmpty(used);
        foreach (var (secret, key) in used)
        {
            var command = Regex.Match(security, $@"kubectl -n mochi create secret generic {Regex.Escape(secret)}(?:[^\n]|\\\n)*");
            Assert.True(command.Success, $"docs/security.md has no command creating the Secret {secret}.");
            Assert.Matches($@"--from-(?:file|literal)={Regex.Escape(key)}=", command.Value);
        }
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
        // Outside a pod, Orleans' own keys stand for what Kubernetes hosting takes from the downward API; silos sharing
        // one machine cannot share the ports a pod has to itself.
        foreach (var variable in new[] { "Orleans__Name", "Orleans__Endpoints__AdvertisedIPAddress", "Orleans__Endpoints__SiloPort", "Orleans__Endpoints__GatewayPort", "Mochi__BulkChannelPort" })
        {
            Assert.Matches($@"export [^\n]*\b{variable}=", script);
        }
    }

    /// <summary>The configuration a silo pod gets, through the host's own loading and validation.</summary>
    private static SiloHostSettings LoadPodSettings() => SiloPodEnvironment.LoadSettings(Manifests, Pod);

    private static string MountPath(V1Container container, string volume) => Assert.Single(container.VolumeMounts, m => m.Name == volume).MountPath;

    private static int ContainerPort(string name) => Assert.Single(Container.Ports, p => p.Name == name).ContainerPort;

    private static bool Selects(IDictionary<string, string> selector, IDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(pair => labels.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
