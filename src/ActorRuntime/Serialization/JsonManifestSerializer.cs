using System.Text.Json;
using Akka.Actor;
using Akka.Serialization;

namespace ActorRuntime.Serialization;

/// <summary>
/// The project's serializers: System.Text.Json with one stable string manifest per type, so what is stored or
/// sent does not depend on CLR type names or a reflection-based default serializer.
/// </summary>
public abstract class JsonManifestSerializer(ExtendedActorSystem system, int identifier, IReadOnlyDictionary<Type, string> manifests)
    : SerializerWithStringManifest(system)
{
    private readonly Dictionary<string, Type> _types = manifests.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    public override int Identifier => identifier;

    public override string Manifest(object o) =>
        manifests.TryGetValue(o.GetType(), out var manifest) ? manifest : throw new ArgumentException($"{GetType().Name} cannot serialize {o.GetType()}");

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType());

    public override object FromBinary(byte[] bytes, string manifest) =>
        _types.TryGetValue(manifest, out var type)
            ? JsonSerializer.Deserialize(bytes, type)!
            : throw new System.Runtime.Serialization.SerializationException($"{GetType().Name}: unknown manifest \"{manifest}\"");
}
