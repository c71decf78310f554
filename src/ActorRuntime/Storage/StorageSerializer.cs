using ActorRuntime.Serialization;
using Akka.Actor;

namespace ActorRuntime.Storage;

/// <summary>Journal and snapshot format of <see cref="ExtensionStorage"/>.</summary>
public sealed class StorageSerializer(ExtendedActorSystem system) : JsonManifestSerializer(system, 7_301, new Dictionary<Type, string>
{
    [typeof(ExtensionStorage.ItemsStored)] = "storage-items-stored-v1",
    [typeof(ExtensionStorage.ItemsRemoved)] = "storage-items-removed-v1",
    [typeof(ExtensionStorage.AreaCleared)] = "storage-area-cleared-v1",
    [typeof(ExtensionStorage.StorageSnapshot)] = "storage-snapshot-v1",
});
