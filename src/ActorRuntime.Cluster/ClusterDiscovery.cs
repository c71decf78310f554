using ActorRuntime.Kernel;
using Akka.Configuration;
using Akka.Discovery.Config.Hosting;
using Akka.Discovery.KubernetesApi;
using Akka.Hosting;
using Akka.Management;
using Akka.Management.Cluster.Bootstrap;
using Akka.Management.Dsl;

namespace ActorRuntime.Cluster;

/// <summary>
/// How a <c>serve</c> node finds the other nodes of its cluster without hand-typed seeds, read from
/// <c>actorruntime.cluster.discovery</c>: Akka.Management's HTTP endpoint on every node, and Akka.Management's cluster
/// bootstrap, which finds the other nodes' endpoints through a discovery method (<c>config</c>: a list in HOCON;
/// <c>kubernetes</c>: the pods the Kubernetes API lists), asks them for the cluster they are in and joins it, or, when
/// none is in one yet, lets the contact point with the lowest address start it.
/// </summary>
public sealed record ClusterDiscovery(
    string Method,
    string ServiceName,
    string ManagementHostname,
    string ManagementBindAddress,
    int ManagementPort,
    int RequiredContactPoints,
    bool ContactWithAllContactPoints,
    TimeSpan StableMargin,
    IReadOnlyList<string> Endpoints,
    ClusterDiscovery.KubernetesSettings Kubernetes)
{
    private const string Keys = "actorruntime.cluster.discovery";

    /// <summary><c>actorruntime.cluster.discovery.kubernetes</c>: which pods are this cluster's nodes, and the container port of their endpoint.</summary>
    public sealed record KubernetesSettings(string PodLabelSelector, string PodNamespace, string PortName);

    /// <summary>
    /// Reads <c>actorruntime.cluster.discovery</c> (over the shipped defaults); null when its method is <c>none</c>. The
    /// management endpoint is reached by the node's own name and listens on its bind address unless the section says
    /// otherwise, so it stays on loopback wherever the cluster does. Every refusal is one <see cref="ConfigurationException"/> line.
    /// </summary>
    public static ClusterDiscovery? FromConfig(Config config, ClusterTransport transport)
    {
        var section = config.WithFallback(RuntimeOptions.DefaultConfig).GetConfig(Keys);
        var method = section.GetString("method", "");
        if (method == "none") return null;
        if (method is not ("config" or "kubernetes"))
            throw new ConfigurationException($"{Keys}.method = {method}: expected none, config or kubernetes");

        var serviceName = Required(section, "service-name");
        var hostname = section.GetString("management.hostname", "") is { Length: > 0 } name ? name : transport.Hostname;
        var bindAddress = section.GetString("management.bind-address", "") is { Length: > 0 } bind ? bind : transport.BindAddress;
        var port = section.GetInt("management.port", 0);
        if (port is < 1 or > 65535)
            throw new ConfigurationException($"{Keys}.management.port = {port}: expected a port from 1 to 65535, the same on every node unless each is listed with its own");
        var required = section.GetInt("bootstrap.required-contact-points", 0);
        if (required < 1)
            throw new ConfigurationException($"{Keys}.bootstrap.required-contact-points = {required}: expected at least 1 (how many nodes must answer before a new cluster starts)");
        var stableMargin = section.GetTimeSpan("bootstrap.stable-margin", null, allowInfinite: false);

        var endpoints = method == "config" ? ConfiguredEndpoints(section, $"{hostname}:{port}") : [];
        var kubernetes = new KubernetesSettings(
            Required(section, "kubernetes.pod-label-selector"),
            section.GetString("kubernetes.pod-namespace", ""),
            Required(section, "kubernetes.port-name"));
        return new ClusterDiscovery(method, serviceName, hostname, bindAddress, port, required,
            section.GetBoolean("bootstrap.contact-with-all-contact-points", true), stableMargin, endpoints, kubernetes);
    }

    /// <summary>
    /// <see cref="FromConfig"/> for a node about to start: refuses <c>--seed</c> beside a discovery method (bootstrap would
    /// silently give way to the seeds), and a management port another process listens on (Akka.Management would find it
    /// only while starting, and stop the node with a stack trace).
    /// </summary>
    public static ClusterDiscovery? ForNode(Config config, ClusterTransport transport, IReadOnlyList<string> seeds)
    {
        var discovery = FromConfig(config, transport);
        if (discovery is null) return null;
        if (seeds.Count > 0)
            throw new ConfigurationException($"--seed {seeds[0]}: this node finds the others through {Keys}.method = {discovery.Method}; drop --seed, or set the method to none");
        discovery.RefuseManagementPortInUse();
        return discovery;
    }

    /// <summary>
    /// Adds the discovery method and cluster bootstrap to a node, through their Akka.Hosting builders, and this node's
    /// management endpoint: once the actor system runs, bootstrap starts and joins the node to the cluster it finds (or starts).
    /// </summary>
    public AkkaConfigurationBuilder Apply(AkkaConfigurationBuilder builder)
    {
        // Akka.Management's settings (bootstrap reads its port as the fallback for a contact point without one); its own HTTP
        // server is not started (see BootstrapEndpoint), so autoStart stays off here and below.
        builder.WithAkkaManagement(new AkkaManagementOptions
        {
            HostName = ManagementHostname,
            Port = ManagementPort,
            BindHostName = ManagementBindAddress,
            BindPort = ManagementPort,
        }, autoStart: false);
        if (Method == "config")
            builder.WithConfigDiscovery(new ConfigServiceDiscoveryOptions
            {
                Services = [new Service { Name = ServiceName, Endpoints = Endpoints.ToArray() }],
            });
        else
            builder.WithKubernetesDiscovery(new KubernetesDiscoveryOptions
            {
                PodLabelSelector = Kubernetes.PodLabelSelector,
                // Unset: the pod's own namespace, read from its service account.
                PodNamespace = Kubernetes.PodNamespace.Length == 0 ? null : Kubernetes.PodNamespace,
            });
        builder.WithClusterBootstrap(new ClusterBootstrapOptions
        {
            ContactPointDiscovery =
            {
                ServiceName = ServiceName,
                // Kubernetes lists a pod's ports by name; a configured endpoint carries its port.
                PortName = Method == "kubernetes" ? Kubernetes.PortName : null,
                RequiredContactPointsNr = RequiredContactPoints,
                ContactWithAllContactPoints = ContactWithAllContactPoints,
                StableMargin = StableMargin,
            },
            // Several nodes may share a host, each with its own management port: keep every endpoint discovered, not only
            // those on Akka.Management's fallback port.
            ContactPoint = { FilterOnFallbackPort = false },
        }, autoStart: false);
        return builder.AddStartup(async (system, _) =>
        {
            BootstrapEndpoint.Start(system, ManagementBindAddress, ManagementHostname, ManagementPort);
            var bootstrap = ClusterBootstrap.Get(system);
            // Tells bootstrap the endpoint it is reached at (what Akka.Management does when it mounts bootstrap's routes).
            bootstrap.Routes(ManagementRouteProviderSettings.Create(SelfContactPoint, true));
            await bootstrap.Start();
        });
    }

    /// <summary>This node's management endpoint, as the other nodes reach it.</summary>
    public Uri SelfContactPoint => new UriBuilder("http", ManagementHostname, ManagementPort).Uri;

    private static IReadOnlyList<string> ConfiguredEndpoints(Config section, string self)
    {
        var endpoints = section.GetStringList("config.endpoints") ?? [];
        if (endpoints.Count == 0)
            throw new ConfigurationException($"{Keys}.config.endpoints is empty: list the management endpoint (host:port) of every node, e.g. [\"127.0.0.1:8558\", \"127.0.0.1:8559\", \"127.0.0.1:8560\"]");
        foreach (var endpoint in endpoints)
        {
            var colon = endpoint.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(endpoint.AsSpan(colon + 1), out var port) || port is < 1 or > 65535)
                throw new ConfigurationException($"{Keys}.config.endpoints: {endpoint}: expected host:port, a node's management endpoint");
        }
        // Bootstrap recognises this node among the endpoints by its management host and port: a node missing from the list
        // could never start the cluster, and the others would not know it.
        if (!endpoints.Contains(self))
            throw new ConfigurationException($"{Keys}.config.endpoints does not list this node's management endpoint {self} " +
                $"(set its port with {Keys}.management.port, e.g. the environment variable actorruntime__cluster__discovery__management__port)");
        return endpoints.ToArray();
    }

    private static string Required(Config section, string key) =>
        section.GetString(key, "") is { Length: > 0 } value ? value : throw new ConfigurationException($"{Keys}.{key} is empty");

    private void RefuseManagementPortInUse() => PortProbe.RefuseInUse(ManagementBindAddress, ManagementPort, $"{Keys}.management.port");
}
