using ActorRuntime.Serialization;
using Akka.Actor;

namespace ActorRuntime.Cluster;

/// <summary>
/// The wire format of <see cref="ClusterProtocol"/>. Fields added later are optional (the trace context of a command): a
/// node reading a message without them sees their defaults, and one that does not know them skips them, so the manifests
/// stay the same.
/// </summary>
public sealed class ClusterProtocolSerializer(ExtendedActorSystem system) : JsonManifestSerializer(system, 7_302, new Dictionary<Type, string>
{
    [typeof(ClusterProtocol.ExtensionCommand)] = "extension-command-v2",
    [typeof(ClusterProtocol.OperationResult)] = "operation-result-v2",
});
