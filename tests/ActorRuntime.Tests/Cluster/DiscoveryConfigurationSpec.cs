using ActorRuntime.Cluster;
using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ActorRuntime.Tests.Cluster;

/// <summary>
/// <c>actorruntime.cluster.discovery</c> read, refused and rendered into the HOCON of Akka.Discovery and cluster bootstrap.
/// Kubernetes cannot be run here (no cluster): what is checked is the configuration a node would start with.
/// </summary>
public sealed class DiscoveryConfigurationSpec
{
    private static readonly string Root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));

    private static Config Parse(string hocon) => ConfigurationFactory.ParseString(hocon);

    private static Config Rendered(ClusterDiscovery discovery)
    {
        var builder = new AkkaConfigurationBuilder(new ServiceCollection(), ClusterHostingExtensions.SystemName);
        discovery.Apply(builder);
        Assert.True(builder.Configuration.HasValue, "the builders rendered no HOCON");
        return builder.Configuration.Value;
    }

    [Fact]
    public void The_shipped_default_is_no_discovery()
    {
        Assert.Null(ClusterDiscovery.FromConfig(ConfigurationFactory.Empty, ClusterTransport.Loopback));
        Assert.Null(ClusterDiscovery.ForNode(ConfigurationFactory.Empty, ClusterTransport.Loopback, ["127.0.0.1:2551"]));
    }

    [Fact]
    public void The_local_example_lists_three_endpoints_and_forms_the_cluster_once_all_three_answered()
    {
        var config = Parse(File.ReadAllText(Path.Combine(Root, "config", "local-discovery.hocon")) +
                           "\nactorruntime.cluster.discovery.management.port = 8559");
        var discovery = ClusterDiscovery.FromConfig(config, ClusterTransport.Loopback)!;
        Assert.Equal("config", discovery.Method);
        Assert.Equal(["127.0.0.1:8558", "127.0.0.1:8559", "127.0.0.1:8560"], discovery.Endpoints);
        // The management endpoint stays on the cluster's loopback address unless told otherwise.
        Assert.Equal("127.0.0.1", discovery.ManagementBindAddress);
        Assert.Equal(new Uri("http://127.0.0.1:8559/"), discovery.SelfContactPoint);

        var rendered = Rendered(discovery);
        Assert.Equal("config", rendered.GetString("akka.discovery.method"));
        Assert.Equal(["127.0.0.1:8558", "127.0.0.1:8559", "127.0.0.1:8560"], rendered.GetStringList("akka.discovery.config.services.actorruntime.endpoints"));
        var bootstrap = rendered.GetConfig("akka.management.cluster.bootstrap");
        Assert.Equal("actorruntime", bootstrap.GetString("contact-point-discovery.service-name"));
        Assert.Equal(3, bootstrap.GetInt("contact-point-discovery.required-contact-point-nr"));
        Assert.False(bootstrap.GetBoolean("contact-point-discovery.contact-with-all-contact-points"));
        Assert.Equal(TimeSpan.FromSeconds(2), bootstrap.GetTimeSpan("contact-point-discovery.stable-margin"));
        // Three nodes on one host differ by port only: none may be filtered out for not being on the fallback port.
        Assert.False(bootstrap.GetBoolean("contact-point.filter-on-fallback-port"));
        Assert.Equal(8559, rendered.GetInt("akka.management.http.port"));
        Assert.Equal("127.0.0.1", rendered.GetString("akka.management.http.hostname"));
    }

    [Fact]
    public void Kubernetes_discovery_finds_pods_by_label_and_probes_their_named_management_port()
    {
        var transport = new ClusterTransport("0.0.0.0", "10.1.2.3", null); // as in a pod: every address, named by the pod's IP
        var discovery = ClusterDiscovery.FromConfig(Parse("""
            actorruntime.cluster.discovery {
              method = kubernetes
              kubernetes.pod-namespace = extensions
              bootstrap.required-contact-points = 3
            }
            """), transport)!;
        Assert.Equal("10.1.2.3", discovery.ManagementHostname);
        Assert.Equal("0.0.0.0", discovery.ManagementBindAddress);

        var rendered = Rendered(discovery);
        Assert.Equal("kubernetes-api", rendered.GetString("akka.discovery.method"));
        var kubernetes = rendered.GetConfig("akka.discovery.kubernetes-api");
        Assert.Equal("app={0}", kubernetes.GetString("pod-label-selector"));
        Assert.Equal("extensions", kubernetes.GetString("pod-namespace"));
        Assert.Contains("KubernetesApiServiceDiscovery", kubernetes.GetString("class"));
        var bootstrap = rendered.GetConfig("akka.management.cluster.bootstrap.contact-point-discovery");
        Assert.Equal("management", bootstrap.GetString("port-name"));
        Assert.Equal("actorruntime", bootstrap.GetString("service-name"));
        Assert.Equal(3, bootstrap.GetInt("required-contact-point-nr"));
        Assert.True(bootstrap.GetBoolean("contact-with-all-contact-points"));
        Assert.Equal(8558, rendered.GetInt("akka.management.http.port"));
    }

    [Fact]
    public void The_deployment_manifest_matches_the_kubernetes_defaults()
    {
        var manifest = File.ReadAllText(Path.Combine(Root, "deploy", "kubernetes", "actorruntime.yaml"));
        var defaults = ActorRuntime.Kernel.RuntimeOptions.DefaultConfig.GetConfig("actorruntime.cluster.discovery");
        // The pods carry the label the selector looks for, and name their management port as bootstrap probes it.
        Assert.Contains($"app: {defaults.GetString("service-name")}", manifest);
        Assert.Contains($"name: {defaults.GetString("kubernetes.port-name")}", manifest);
        Assert.Contains($"containerPort: {defaults.GetInt("management.port")}", manifest);
        Assert.Contains("actorruntime__cluster__discovery__method", manifest);
        // Listing pods is what the discovery asks the API for.
        Assert.Contains("\"pods\"", manifest);
        Assert.Contains("\"list\"", manifest);
    }

    [Theory]
    [InlineData("method = dns", "actorruntime.cluster.discovery.method = dns: expected none, config or kubernetes")]
    [InlineData("method = config", "actorruntime.cluster.discovery.config.endpoints is empty")]
    [InlineData("method = config, config.endpoints = [\"127.0.0.1\"]", "actorruntime.cluster.discovery.config.endpoints: 127.0.0.1: expected host:port")]
    [InlineData("method = config, config.endpoints = [\"127.0.0.1:8559\"]", "does not list this node's management endpoint 127.0.0.1:8558")]
    [InlineData("method = kubernetes, management.port = 0", "actorruntime.cluster.discovery.management.port = 0: expected a port from 1 to 65535")]
    [InlineData("method = kubernetes, bootstrap.required-contact-points = 0", "bootstrap.required-contact-points = 0: expected at least 1")]
    [InlineData("method = kubernetes, kubernetes.pod-label-selector = \"\"", "actorruntime.cluster.discovery.kubernetes.pod-label-selector is empty")]
    public void A_wrong_setting_is_refused_naming_its_key(string settings, string expected)
    {
        var ex = Assert.Throws<ConfigurationException>(() =>
            ClusterDiscovery.FromConfig(Parse($"actorruntime.cluster.discovery {{ {settings} }}"), ClusterTransport.Loopback));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Seeds_beside_discovery_are_refused()
    {
        var config = Parse("actorruntime.cluster.discovery { method = config, config.endpoints = [\"127.0.0.1:8558\"] }");
        var ex = Assert.Throws<ConfigurationException>(() => ClusterDiscovery.ForNode(config, ClusterTransport.Loopback, ["127.0.0.1:2551"]));
        Assert.StartsWith("--seed 127.0.0.1:2551: this node finds the others through actorruntime.cluster.discovery.method = config", ex.Message);
    }

    [Fact]
    public void A_management_port_in_use_is_refused_before_the_node_starts()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var config = Parse($"actorruntime.cluster.discovery {{ method = config, management.port = {port}, config.endpoints = [\"127.0.0.1:{port}\"] }}");
        var ex = Assert.Throws<ConfigurationException>(() => ClusterDiscovery.ForNode(config, ClusterTransport.Loopback, []));
        Assert.StartsWith($"actorruntime.cluster.discovery.management.port {port}: cannot listen on 127.0.0.1:{port}", ex.Message);
    }
}
