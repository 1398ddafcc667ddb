using System.Globalization;
using k8s.Models;
using MochiOrleans.Cluster.Tests.Infrastructure;

namespace MochiOrleans.Cluster.Tests;

/// <summary>
/// Who may reach which port in deploy/k8s, read from its NetworkPolicies as Kubernetes would combine them: a pod's
/// allowed traffic is the union of the rules of every policy that selects it, and default-deny isolates every pod.
/// Ports come from the silo's own configuration, so a port changed in silo.env but not in a policy fails here.
/// </summary>
public sealed class ManifestNetworkPolicyTests
{
    private const string ClientLabel = "mochi-orleans/client";
    private const string ClientNamespaceLabel = "mochi-orleans/client-namespace";
    private const int Dns = 53;
    private static readonly KubernetesManifests Manifests = KubernetesManifests.Load();
    private static readonly IDictionary<string, string> SiloPods = PodLabels("mochi-silo");
    private static readonly IDictionary<string, string> RedisPods = PodLabels("mochi-redis");
    private static readonly IDictionary<string, string> ClientPods = new Dictionary<string, string> { [ClientLabel] = "true" };

    private static IEnumerable<V1NetworkPolicy> Policies => Manifests.Resources.OfType<V1NetworkPolicy>();

    [Fact]
    public void Every_pod_of_the_namespace_is_denied_all_traffic_that_no_policy_allows()
    {
        var deny = Manifests.Single<V1NetworkPolicy>("default-deny");

        Assert.True(IsEmpty(deny.Spec.PodSelector));
        Assert.Equal(["Egress", "Ingress"], deny.Spec.PolicyTypes.Order(StringComparer.Ordinal));
        Assert.Empty(deny.Spec.Ingress ?? []);
        Assert.Empty(deny.Spec.Egress ?? []);
    }

    [Fact]
    public void Every_component_has_a_policy_of_its_own_for_both_directions()
    {
        foreach (var deployment in Manifests.Resources.OfType<V1Deployment>())
        {
            var labels = deployment.Spec.Template.Metadata.Labels;
            var own = Assert.Single(Policies, p => !IsEmpty(p.Spec.PodSelector) && Selects(p.Spec.PodSelector, labels));
            Assert.Equal(["Egress", "Ingress"], own.Spec.PolicyTypes.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void The_gateway_port_admits_only_pods_labelled_as_clients()
    {
        var rules = IngressTo(SiloPods, Ports.Gateway).ToList();

        Assert.NotEmpty(rules);
        Assert.All(rules.SelectMany(r => Assert.IsAssignableFrom<IEnumerable<V1NetworkPolicyPeer>>(r.FromProperty)), peer =>
        {
            Assert.Null(peer.IpBlock);
            Assert.Equal("true", peer.PodSelector?.MatchLabels?[ClientLabel]);
            if (peer.NamespaceSelector is not null)
            {
                // Another namespace's pods only if the namespace itself is labelled: a pod label alone is not enough.
                Assert.Equal("true", peer.NamespaceSelector.MatchLabels?[ClientNamespaceLabel]);
            }
        });
        Assert.False(Selects(Manifests.Single<V1NetworkPolicy>("mochi-silo").Spec.PodSelector, ClientPods));
    }

    [Fact]
    public void The_bulk_data_port_admits_only_silos_and_pods_labelled_as_clients_and_silos_open_it_only_on_silos()
    {
        var ingress = IngressTo(SiloPods, Ports.Bulk).SelectMany(r => r.FromProperty ?? []).ToList();
        Assert.NotEmpty(ingress);
        Assert.Contains(ingress, peer => IsSameNamespacePodPeer(peer, SiloPods));
        Assert.All(ingress, peer =>
        {
            Assert.Null(peer.IpBlock);
            if (!IsSameNamespacePodPeer(peer, SiloPods))
            {
                Assert.Equal("true", peer.PodSelector?.MatchLabels?[ClientLabel]);
                if (peer.NamespaceSelector is not null)
                {
                    Assert.Equal("true", peer.NamespaceSelector.MatchLabels?[ClientNamespaceLabel]);
                }
            }
        });

        var egress = EgressFrom(SiloPods).Where(r => Covers(r.Ports, Ports.Bulk)).ToList();
        Assert.NotEmpty(egress);
        Assert.All(egress, rule => Assert.True(IsOnlyTo(rule, SiloPods, Ports.Bulk)));
    }

    [Fact]
    public void The_silo_to_silo_port_admits_only_other_silos_and_silos_open_it_only_on_silos()
    {
        var ingress = IngressTo(SiloPods, Ports.Silo).SelectMany(r => r.FromProperty ?? []).ToList();
        Assert.NotEmpty(ingress);
        Assert.All(ingress, peer => Assert.True(IsSameNamespacePodPeer(peer, SiloPods)));

        var egress = EgressFrom(SiloPods).Where(r => Covers(r.Ports, Ports.Silo)).ToList();
        Assert.NotEmpty(egress);
        Assert.All(egress.SelectMany(r => Assert.IsAssignableFrom<IEnumerable<V1NetworkPolicyPeer>>(r.To)), peer => Assert.True(IsSameNamespacePodPeer(peer, SiloPods)));
    }

    [Fact]
    public void No_pod_may_open_the_health_port_which_the_kubelet_probes_from_the_node()
    {
        // Kubernetes does not subject a pod's traffic with its own node (the kubelet's probes) to NetworkPolicy, so
        // the probes need no rule, and a rule would open the port to pods as well.
        Assert.Empty(IngressTo(SiloPods, Ports.Health));
    }

    [Fact]
    public void Redis_admits_only_silos_on_its_port_and_opens_no_connection_but_dns()
    {
        var ingress = Policies.Where(p => Selects(p.Spec.PodSelector, RedisPods)).SelectMany(p => p.Spec.Ingress ?? []).ToList();
        var rule = Assert.Single(ingress);
        Assert.Equal(Ports.Redis.ToString(CultureInfo.InvariantCulture), Assert.Single(rule.Ports).Port.Value);
        Assert.All(Assert.IsAssignableFrom<IEnumerable<V1NetworkPolicyPeer>>(rule.FromProperty), peer => Assert.True(IsSameNamespacePodPeer(peer, SiloPods)));

        Assert.All(EgressFrom(RedisPods), r => Assert.True(IsDns(r)));
    }

    [Fact]
    public void Silos_open_connections_only_to_silos_redis_dns_and_the_kubernetes_api()
    {
        var rules = EgressFrom(SiloPods).ToList();

        Assert.All(rules, rule => Assert.True(
            IsDns(rule)
            || IsOnlyTo(rule, SiloPods, Ports.Silo)
            || IsOnlyTo(rule, SiloPods, Ports.Bulk)
            || IsOnlyTo(rule, RedisPods, Ports.Redis)
            || (rule.To is null or [] && rule.Ports is [_, ..] && rule.Ports.All(p => p.Port?.Value is "443" or "6443")),
            $"Unexpected egress rule: ports {string.Join(",", rule.Ports?.Select(p => p.Port?.Value) ?? [])}"));
        Assert.Contains(rules, r => IsOnlyTo(r, SiloPods, Ports.Silo));
        Assert.Contains(rules, r => IsOnlyTo(r, RedisPods, Ports.Redis));
        Assert.Contains(rules, IsDns);
    }

    [Fact]
    public void Every_pod_may_resolve_names_through_cluster_dns_and_nothing_more_from_that_rule()
    {
        var dns = Manifests.Single<V1NetworkPolicy>("allow-dns");

        Assert.True(IsEmpty(dns.Spec.PodSelector));
        Assert.Equal(["Egress"], dns.Spec.PolicyTypes);
        var rule = Assert.Single(dns.Spec.Egress);
        var peer = Assert.Single(rule.To);
        Assert.Equal("kube-system", peer.NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"]);
        Assert.Equal("kube-dns", peer.PodSelector.MatchLabels["k8s-app"]);
        Assert.Equal(["TCP:53", "UDP:53"], rule.Ports.Select(p => $"{p.Protocol}:{p.Port.Value}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Client_pods_of_the_namespace_may_open_the_gateways_and_bulk_data_ports_and_nothing_else()
    {
        var rules = EgressFrom(ClientPods).Where(r => !IsDns(r)).ToList();

        Assert.Equal(2, rules.Count);
        Assert.Contains(rules, r => IsOnlyTo(r, SiloPods, Ports.Gateway));
        Assert.Contains(rules, r => IsOnlyTo(r, SiloPods, Ports.Bulk));
    }

    private static IEnumerable<V1NetworkPolicyIngressRule> IngressTo(IDictionary<string, string> pods, int port) =>
        Policies.Where(p => Selects(p.Spec.PodSelector, pods) && p.Spec.PolicyTypes.Contains("Ingress"))
            .SelectMany(p => p.Spec.Ingress ?? [])
            .Where(r => Covers(r.Ports, port));

    private static IEnumerable<V1NetworkPolicyEgressRule> EgressFrom(IDictionary<string, string> pods) =>
        Policies.Where(p => Selects(p.Spec.PodSelector, pods) && p.Spec.PolicyTypes.Contains("Egress")).SelectMany(p => p.Spec.Egress ?? []);

    /// <summary>A rule without ports allows every port.</summary>
    private static bool Covers(IList<V1NetworkPolicyPort>? ports, int port) =>
        ports is null or [] || ports.Any(p => p.Port is null || p.Port.Value == port.ToString(CultureInfo.InvariantCulture));

    private static bool IsOnlyTo(V1NetworkPolicyEgressRule rule, IDictionary<string, string> pods, int port) =>
        rule.To is [_, ..] && rule.To.All(peer => IsSameNamespacePodPeer(peer, pods))
        && rule.Ports is [var only] && only.Port?.Value == port.ToString(CultureInfo.InvariantCulture) && (only.Protocol ?? "TCP") == "TCP";

    private static bool IsDns(V1NetworkPolicyEgressRule rule) =>
        rule.Ports is [_, ..] && rule.Ports.All(p => p.Port?.Value == Dns.ToString(CultureInfo.InvariantCulture));

    private static bool IsSameNamespacePodPeer(V1NetworkPolicyPeer peer, IDictionary<string, string> pods) =>
        peer.IpBlock is null && peer.NamespaceSelector is null && peer.PodSelector is not null && !IsEmpty(peer.PodSelector) && Selects(peer.PodSelector, pods);

    private static bool IsEmpty(V1LabelSelector? selector) =>
        selector is null || ((selector.MatchLabels?.Count ?? 0) == 0 && (selector.MatchExpressions?.Count ?? 0) == 0);

    private static bool Selects(V1LabelSelector? selector, IDictionary<string, string> labels)
    {
        Assert.Empty(selector?.MatchExpressions ?? []);
        return selector?.MatchLabels is null || selector.MatchLabels.All(pair => labels.TryGetValue(pair.Key, out var value) && value == pair.Value);
    }

    private static IDictionary<string, string> PodLabels(string deployment) => Manifests.Deployment(deployment).Spec.Template.Metadata.Labels;

    /// <summary>The ports, from the silo's configuration and the Redis container.</summary>
    private static class Ports
    {
        private static readonly Silo.Host.Configuration.SiloHostSettings Settings =
            SiloPodEnvironment.LoadSettings(Manifests, Manifests.Deployment("mochi-silo").Spec.Template.Spec);

        public static int Silo => Settings.SiloPort;

        public static int Gateway => Settings.GatewayPort;

        public static int Health => Settings.Options.HealthPort;

        public static int Bulk => int.Parse(Manifests.SiloConfig.Data["Mochi__BulkChannelPort"], CultureInfo.InvariantCulture);

        public static int Redis => Assert.Single(Assert.Single(Manifests.Deployment("mochi-redis").Spec.Template.Spec.Containers).Ports, p => p.Name == "redis").ContainerPort;
    }
}
