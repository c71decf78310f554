using ActorRuntime.Serialization;
using Akka.Actor;

namespace ActorRuntime.Cluster;

/// <summary>The wire format of <see cref="ClusterProtocol"/>.</summary>
public sealed class ClusterProtocolSerializer(ExtendedActorSystem system) : JsonManifestSerializer(system, 7_302, new Dictionary<Type, string>
{
    [typeof(ClusterProtocol.ExtensionCommand)] = "extension-command-v2",
    [typeof(ClusterProtocol.OperationResult)] = "operation-result-v2",
});
