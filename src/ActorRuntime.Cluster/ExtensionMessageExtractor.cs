using Akka.Cluster.Sharding;

namespace ActorRuntime.Cluster;

/// <summary>Routes <see cref="ClusterProtocol.ExtensionCommand"/>s to the entity of their extension id.</summary>
public sealed class ExtensionMessageExtractor(int shards) : HashCodeMessageExtractor(shards)
{
    public override string? EntityId(object message) => message is ClusterProtocol.ExtensionCommand command ? Uri.EscapeDataString(command.ExtensionId) : null;

    public override object EntityMessage(object message) => message;
}
