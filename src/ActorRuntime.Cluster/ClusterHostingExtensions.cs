using ActorRuntime.Kernel;
using ActorRuntime.Hosting;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ActorRuntime.Cluster;

/// <summary>Spreads extensions over the processes of an Akka.Cluster: each extension is a sharded entity keyed by its id.</summary>
public static class ClusterHostingExtensions
{
    public const string Role = "extensions";
    public const string RegionName = "extensions";
    private const int Shards = 100;

    /// <summary>The serializer of the cluster protocol and the messages it carries (every node and client needs them), through Akka.Hosting.</summary>
    private static AkkaConfigurationBuilder WithClusterProtocolSerializer(this AkkaConfigurationBuilder builder) =>
        builder.WithCustomSerializer("actorruntime-cluster", [typeof(ClusterProtocol.ExtensionCommand), typeof(ClusterProtocol.OperationResult)],
            system => new ClusterProtocolSerializer(system));

    /// <summary>
    /// A node that hosts extensions: remoting on <paramref name="port"/> (0: any free port) through
    /// <paramref name="transport"/> (default: plain TCP on loopback), clustering with <paramref name="seeds"/> (none: the
    /// caller joins, e.g. this node starts a new cluster) or through <paramref name="discovery"/> (cluster bootstrap finds
    /// and joins the cluster), and the <c>extensions</c> shard region whose entities are <see cref="ExtensionEntity"/>.
    /// </summary>
    public static AkkaConfigurationBuilder WithExtensionCluster(this AkkaConfigurationBuilder builder, ActorRuntimeHostingOptions options,
        ExtensionCatalog catalog, int port, IReadOnlyList<string> seeds, ClusterTransport? transport = null, ClusterDiscovery? discovery = null)
    {
        transport ??= ClusterTransport.Loopback;
        builder.WithClusterProtocolSerializer();
        builder.WithNodeStatus(catalog); // what the front door's status page shows of this node
        transport.Apply(builder, port);
        builder.WithClustering(new ClusterOptions
        {
            Roles = [Role],
            SeedNodes = seeds.Select(transport.SeedAddress).ToArray(),
        });
        discovery?.Apply(builder);
        var responses = options.CheckedResponses();
        builder.WithShardRegion<ExtensionEntity>(RegionName, (system, _, _) =>
        {
            var runtimeOptions = (RuntimeOptions.FromConfig(system.Settings.Config) with
            {
                Clock = options.Clock,
                Console = options.Console ?? (_ => { }),
                Responses = responses,
            }).WithOwnCookieJar(); // the extensions of one node share its cookie jar (those of other nodes have their own)
            _ = HeldOutputSettings.FromConfig(system.Settings.Config); // refused when the node starts, not at an extension's activation
            return entityId => ExtensionEntity.Props(catalog, runtimeOptions);
        }, new ExtensionMessageExtractor(Shards), new ShardOptions
        {
            Role = Role,
            RememberEntities = false,
            StateStoreMode = StateStoreMode.DData,
            // Handed off (rebalance, a node leaving) like a passivation: the command under way is answered first.
            HandOffStopMessage = ExtensionEntity.StopEntity.Instance,
        });
        return builder;
    }

    /// <summary>
    /// A client-only node: joins through <paramref name="seeds"/> (any free port, through <paramref name="transport"/>,
    /// default plain TCP on loopback) and reaches extensions through a shard region proxy.
    /// </summary>
    public static AkkaConfigurationBuilder WithExtensionClusterClient(this AkkaConfigurationBuilder builder, IReadOnlyList<string> seeds,
        ClusterTransport? transport = null)
    {
        transport ??= ClusterTransport.Loopback;
        builder.WithClusterProtocolSerializer();
        transport.Apply(builder, 0);
        builder.WithClustering(new ClusterOptions
        {
            Roles = ["client"],
            SeedNodes = seeds.Select(transport.SeedAddress).ToArray(),
        });
        builder.WithShardRegionProxy<ExtensionEntity>(RegionName, Role, new ExtensionMessageExtractor(Shards));
        return builder;
    }

    /// <summary>
    /// Makes the <see cref="IExtensionRuntime"/> of this host the clustered one: requests go to the node that hosts the
    /// extension, wherever it is. Call after <c>AddActorRuntimeServices</c> on a node (with its <paramref name="catalog"/>)
    /// or a client-only host (no catalog).
    /// </summary>
    public static IServiceCollection AddExtensionClusterRuntime(this IServiceCollection services, ExtensionCatalog? catalog = null,
        Action<ConsoleEntry>? onConsole = null)
    {
        services.AddSingleton<IExtensionRuntime>(provider =>
        {
            var system = provider.GetRequiredService<ActorSystem>();
            var registry = provider.GetRequiredService<ActorRegistry>();
            var askTimeout = RuntimeOptions.FromConfig(system.Settings.Config).AskTimeout;
            return new ClusteredExtensionRuntime(system, registry.GetAsync<ExtensionEntity>, askTimeout, catalog, onConsole);
        });
        return services;
    }

    /// <summary>The actor system name every node and client of one cluster shares.</summary>
    public const string SystemName = "actorruntime";
}
