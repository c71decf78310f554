using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;

namespace ActorRuntime.Storage;

/// <summary>
/// Journal and snapshot format of <see cref="ExtensionStorage"/>: JSON with a stable manifest per type, so
/// stored data does not depend on CLR type names or a reflection-based default serializer.
/// </summary>
public sealed class StorageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    private const string StoredManifest = "storage-items-stored-v1";
    private const string RemovedManifest = "storage-items-removed-v1";
    private const string ClearedManifest = "storage-area-cleared-v1";
    private const string SnapshotManifest = "storage-snapshot-v1";

    public override int Identifier => 7_301;

    public override string Manifest(object o) => o switch
    {
        ExtensionStorage.ItemsStored => StoredManifest,
        ExtensionStorage.ItemsRemoved => RemovedManifest,
        ExtensionStorage.AreaCleared => ClearedManifest,
        ExtensionStorage.StorageSnapshot => SnapshotManifest,
        _ => throw new ArgumentException($"StorageSerializer cannot serialize {o.GetType()}"),
    };

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType());

    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        StoredManifest => JsonSerializer.Deserialize<ExtensionStorage.ItemsStored>(bytes)!,
        RemovedManifest => JsonSerializer.Deserialize<ExtensionStorage.ItemsRemoved>(bytes)!,
        ClearedManifest => JsonSerializer.Deserialize<ExtensionStorage.AreaCleared>(bytes)!,
        SnapshotManifest => JsonSerializer.Deserialize<ExtensionStorage.StorageSnapshot>(bytes)!,
        _ => throw new System.Runtime.Serialization.SerializationException($"StorageSerializer: unknown manifest \"{manifest}\""),
    };
}
