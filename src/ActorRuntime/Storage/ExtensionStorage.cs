using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Persistence;
using static ActorRuntime.Storage.ExtensionStorage.Protocol;

namespace ActorRuntime.Storage;

/// <summary>
/// <c>storage.local</c>, <c>storage.sync</c> and <c>storage.session</c> of one extension. Local and sync are
/// journaled through Akka.Persistence (Akka.Persistence.Sql: SQLite or PostgreSQL, per configuration), and a
/// write is answered only once its event is durable; session lives in memory only. A write that would break a
/// quota is refused whole, so nothing is half-written. Changes go to the parent supervisor for
/// <c>storage.onChanged</c>.
/// </summary>
public sealed partial class ExtensionStorage : UntypedPersistentActor
{
    private const int SnapshotEvery = 200;

    private readonly Flavor _flavor;
    private (Call Call, IActorRef ReplyTo)? _writing;
    private readonly Dictionary<string, Dictionary<string, string>> _areas = StorageQuotas.Areas.Append(StorageQuotas.Installs)
        .ToDictionary(a => a, _ => new Dictionary<string, string>(StringComparer.Ordinal));

    private readonly Contexts.ExtensionState _extension;

    public ExtensionStorage(string extensionId, Flavor flavor, Contexts.ExtensionState extension)
    {
        PersistenceId = "storage-" + extensionId;
        _flavor = flavor;
        _extension = extension;
    }

    /// <summary><paramref name="extension"/>: the state whose outstanding work a change report counts as, until the supervisor takes it.</summary>
    public static Props Props(string extensionId, Flavor flavor, Contexts.ExtensionState extension) =>
        Akka.Actor.Props.Create<ExtensionStorage>(extensionId, flavor, extension);

    public override string PersistenceId { get; }

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer { Snapshot: StorageSnapshot snapshot }:
                foreach (var (area, items) in snapshot.Areas)
                    if (area != StorageQuotas.Session) _areas[area] = new Dictionary<string, string>(items, StringComparer.Ordinal);
                break;
            case ItemsStored stored: Apply(stored.Area, stored.Items, []); break;
            case ItemsRemoved removed: Apply(removed.Area, new Dictionary<string, string>(), removed.Keys); break;
            case AreaCleared cleared: _areas[cleared.Area].Clear(); break;
        }
    }

    protected override void OnCommand(object message)
    {
        switch (message)
        {
            case Call call: Handle(call); break;
            case SaveSnapshotSuccess success: DeleteMessages(success.Metadata.SequenceNr); break;
            case SaveSnapshotFailure or DeleteMessagesSuccess or DeleteMessagesFailure: break;
            default: Unhandled(message); break;
        }
    }

    private void Handle(Call call)
    {
        var request = call.Request;
        if (!_areas.TryGetValue(request.Area, out var area))
        {
            Sender.Tell(new StorageAnswer(call.RequestId, null, $"unknown storage area \"{request.Area}\": expected local, sync or session"));
            return;
        }
        switch (request)
        {
            case MarkInstalled mark:
                area.TryGetValue("version", out var previous);
                var previousVersion = previous is null ? null : JsonSerializer.Deserialize<string>(previous);
                if (previousVersion == mark.Version)
                {
                    Sender.Tell(new StorageAnswer(call.RequestId, previousVersion, null));
                    return;
                }
                var record = new Dictionary<string, string> { ["version"] = JsonSerializer.Serialize(mark.Version) };
                var replyTo = Sender;
                Persist(new ItemsStored(StorageQuotas.Installs, record), _ =>
                {
                    Apply(StorageQuotas.Installs, record, []);
                    replyTo.Tell(new StorageAnswer(call.RequestId, previousVersion, null));
                });
                break;
            case Get get:
                Sender.Tell(new StorageAnswer(call.RequestId, Select(area, get.Keys).ToDictionary(p => p.Key, p => p.Value), null));
                break;
            case GetBytesInUse bytes:
                Sender.Tell(new StorageAnswer(call.RequestId, Select(area, bytes.Keys).Sum(p => StorageQuotas.SizeOf(p.Key, p.Value)), null));
                break;
            case Set set when set.Items.FirstOrDefault(item => !IsJson(item.Value)) is { Key: { } badKey }:
                Sender.Tell(new StorageAnswer(call.RequestId, null, $"storage.{set.Area}.set: the value of \"{badKey}\" is not JSON; nothing was stored"));
                break;
            case Set set:
                var after = new Dictionary<string, string>(area, StringComparer.Ordinal);
                foreach (var (key, value) in set.Items) after[key] = value;
                if (StorageQuotas.Check(_flavor, set.Area, after, set.Items) is { } quotaError)
                {
                    Sender.Tell(new StorageAnswer(call.RequestId, null, quotaError));
                    return;
                }
                Write(call, new ItemsStored(set.Area, new Dictionary<string, string>(set.Items)), set.Area, set.Items, []);
                break;
            case Remove remove:
                Write(call, new ItemsRemoved(remove.Area, remove.Keys.ToList()), remove.Area, new Dictionary<string, string>(), remove.Keys);
                break;
            case Clear clear:
                Write(call, new AreaCleared(clear.Area), clear.Area, new Dictionary<string, string>(), area.Keys.ToList());
                break;
        }
    }

    /// <summary>Applies a change once it is durable (session: at once), answers the caller, and reports it for onChanged.</summary>
    private void Write(Call call, object @event, string area, IReadOnlyDictionary<string, string> set, IReadOnlyList<string> removed)
    {
        var replyTo = Sender;
        var parent = Context.Parent;
        void Commit()
        {
            var changes = Apply(area, set, removed);
            // onChanged is reported before the caller's promise settles, and counts as work until the supervisor takes it.
            if (changes.Count > 0)
            {
                _extension.BeginWork();
                parent.Tell(new Changed(area, changes.ToJsonString()));
            }
            replyTo.Tell(new StorageAnswer(call.RequestId, changes.Count, null));
        }

        if (area == StorageQuotas.Session)
        {
            Commit();
            return;
        }
        _writing = (call, replyTo);
        Persist(@event, _ =>
        {
            _writing = null;
            Commit();
            if (LastSequenceNr % SnapshotEvery == 0) SaveSnapshot(new StorageSnapshot(_areas.Where(a => a.Key != StorageQuotas.Session).ToDictionary(a => a.Key, a => new Dictionary<string, string>(a.Value))));
        });
    }

    // A write the journal failed or refused: the caller hears it; nothing of it was applied.
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        FailWriting(cause);
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        FailWriting(cause);
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    private void FailWriting(Exception cause)
    {
        if (_writing is not { } writing) return;
        _writing = null;
        writing.ReplyTo.Tell(new StorageAnswer(writing.Call.RequestId, null, $"storage.{writing.Call.Request.Area} write failed, nothing was stored: {cause.Message}"));
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Applies set and removed keys to the area; returns <c>{ key: { oldValue, newValue } }</c> of what actually changed.</summary>
    private JsonObject Apply(string area, IReadOnlyDictionary<string, string> set, IReadOnlyList<string> removed)
    {
        var items = _areas[area];
        var changes = new JsonObject();
        foreach (var key in removed)
            if (items.Remove(key, out var old))
                changes[key] = new JsonObject { ["oldValue"] = JsonNode.Parse(old) };
        foreach (var (key, value) in set)
        {
            items.TryGetValue(key, out var old);
            items[key] = value;
            var change = new JsonObject { ["newValue"] = JsonNode.Parse(value) };
            if (old is not null) change["oldValue"] = JsonNode.Parse(old);
            changes[key] = change;
        }
        return changes;
    }

    private static IEnumerable<KeyValuePair<string, string>> Select(Dictionary<string, string> area, IReadOnlyList<string>? keys) =>
        keys is null ? area : keys.Where(area.ContainsKey).Distinct().Select(k => new KeyValuePair<string, string>(k, area[k]));
}
