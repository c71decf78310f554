using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;

namespace ActorRuntime.Cluster;

/// <summary>The wire format of <see cref="ClusterProtocol"/>: JSON with a stable manifest per message type.</summary>
public sealed class ClusterProtocolSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    private const string CommandManifest = "extension-command-v1";
    private const string ResultManifest = "operation-result-v1";

    public override int Identifier => 7_302;

    public override string Manifest(object o) => o switch
    {
        ClusterProtocol.ExtensionCommand => CommandManifest,
        ClusterProtocol.OperationResult => ResultManifest,
        _ => throw new ArgumentException($"ClusterProtocolSerializer cannot serialize {o.GetType()}"),
    };

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType());

    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        CommandManifest => JsonSerializer.Deserialize<ClusterProtocol.ExtensionCommand>(bytes)!,
        ResultManifest => JsonSerializer.Deserialize<ClusterProtocol.OperationResult>(bytes)!,
        _ => throw new System.Runtime.Serialization.SerializationException($"ClusterProtocolSerializer: unknown manifest \"{manifest}\""),
    };
}
