using Akka.Hosting;

namespace ActorRuntime.Cluster;

/// <summary>The node status of a cluster node, through Akka.Hosting: the board, its actor and the serializer of its protocol.</summary>
internal static class NodeStatusHosting
{
    /// <summary>
    /// Starts <c>/user/node-status</c> (<see cref="NodeStatusActor"/>, registered in the <see cref="ActorRegistry"/>) over
    /// this node's <see cref="NodeStatusBoard"/>, which learns the ids of <paramref name="catalog"/>.
    /// </summary>
    public static AkkaConfigurationBuilder WithNodeStatus(this AkkaConfigurationBuilder builder, ExtensionCatalog catalog)
    {
        builder.WithCustomSerializer("actorruntime-status", [typeof(NodeStatusProtocol.GetNodeStatus), typeof(NodeStatusProtocol.NodeStatusReport)],
            system => new NodeStatusSerializer(system));
        builder.WithActors((system, registry) =>
        {
            var board = NodeStatusBoard.For(system);
            board.Installed = catalog.Ids.ToArray();
            registry.Register<NodeStatusActor>(system.ActorOf(NodeStatusActor.Props(board), NodeStatusActor.Name));
        });
        return builder;
    }
}
