using Akka.Actor;
namespace ActorRuntime.Storage;

internal sealed partial class ExtensionStorage
{
    /// <summary>Requests from contexts (through the supervisor) and the storage actor's answers. Values travel as JSON text.</summary>
    public static class Protocol
    {
        /// <summary>A request with the id the caller matches the <see cref="StorageAnswer"/> with.</summary>
        public sealed record Call(long RequestId, StorageRequest Request) : INoSerializationVerificationNeeded;

        /// <summary>The answer to <see cref="Call"/>: a value, or the one-line error the caller's promise rejects with.</summary>
        public sealed record StorageAnswer(long RequestId, object? Value, string? Error) : INoSerializationVerificationNeeded;

        public abstract record StorageRequest(string Area) : INoSerializationVerificationNeeded;

        /// <summary>The stored JSON of <paramref name="Keys"/> (all keys when null); answers a <c>Dictionary&lt;string, string&gt;</c>.</summary>
        public sealed record Get(string Area, IReadOnlyList<string>? Keys) : StorageRequest(Area);

        /// <summary>Stores the items; answers once durable (local, sync) with the changes made.</summary>
        public sealed record Set(string Area, IReadOnlyDictionary<string, string> Items) : StorageRequest(Area);

        public sealed record Remove(string Area, IReadOnlyList<string> Keys) : StorageRequest(Area);

        public sealed record Clear(string Area) : StorageRequest(Area);

        /// <summary>Bytes the keys (all when null) take: key plus JSON value, UTF-8, as Chromium counts them; answers a <c>long</c>.</summary>
        public sealed record GetBytesInUse(string Area, IReadOnlyList<string>? Keys) : StorageRequest(Area);

        /// <summary>Records <paramref name="Version"/> as installed; answers the version installed before (null: none).</summary>
        public sealed record MarkInstalled(string Version) : StorageRequest(StorageQuotas.Installs);

        /// <summary>
        /// To the <see cref="StorageGuard"/> just before Akka.Persistence stops the storage: why, in one line, and whether
        /// the stored data could not even be read (<paramref name="Recovering"/>), when trying again at once would not help.
        /// </summary>
        public sealed record Failed(string Reason, bool Recovering) : INoSerializationVerificationNeeded;

        /// <summary>To the supervisor after a change: <paramref name="ChangesJson"/> is <c>{ key: { oldValue, newValue } }</c> for <c>storage.onChanged</c>.</summary>
        public sealed record Changed(string Area, string ChangesJson) : INoSerializationVerificationNeeded;
    }

    // Journal events (serialized by StorageSerializer). Session data is never journaled.
    internal sealed record ItemsStored(string Area, Dictionary<string, string> Items);

    internal sealed record ItemsRemoved(string Area, List<string> Keys);

    internal sealed record AreaCleared(string Area);

    internal sealed record StorageSnapshot(Dictionary<string, Dictionary<string, string>> Areas);
}
