using Akka.Cluster.Sharding;

namespace ActorRuntime.Cluster;

/// <summary>Routes <see cref="ClusterProtocol.ExtensionCommand"/>s to the entity of their extension id.</summary>
public sealed class ExtensionMessageExtractor(int shards) : HashCodeMessageExtractor(shards)
{
    public override string? EntityId(object message) => message is ClusterProtocol.ExtensionCommand command
        ? command.ExtensionId is null ? NoExtension : Uri.EscapeDataString(command.ExtensionId)
        : null;

    /// <summary>
    /// Where a command without an extension id goes (a client of the wire can send one): an entity that answers it with
    /// the missing field, rather than no answer at all. The id of a NUL character, which no extension folder has.
    /// </summary>
    internal const string NoExtension = "%00";

    public override object EntityMessage(object message) => message;
}
