using System.Text.Json;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using static ActorRuntime.Storage.ExtensionStorage.Protocol;

namespace ActorRuntime.Storage;

/// <summary>
/// <c>storage.local</c>, <c>storage.sync</c> and <c>storage.session</c> of one extension. Local and sync are
/// journaled through Akka.Persistence (Akka.Persistence.Sql: SQLite or PostgreSQL, per configuration), and a
/// write is answered only once its event is durable; session lives in memory only. A write that would break a
/// quota is refused whole, so nothing is half-written. Changes go to the extension's supervisor for
/// <c>storage.onChanged</c>. A snapshot replaces the older snapshots and the events it covers, so the store
/// holds about the live data. A failed write is answered with its reason; Akka.Persistence then stops this actor
/// (its state may no longer match the store), and the <see cref="StorageGuard"/> in front of it retries or
/// answers every other call.
/// </summary>
internal sealed partial class ExtensionStorage : UntypedPersistentActor
{
    private const int SnapshotEvery = 200;

    private readonly Flavor _flavor;
    private (Call Call, IActorRef ReplyTo)? _writing;
    private readonly Dictionary<string, Dictionary<string, string>> _areas = StorageQuotas.Areas.Append(StorageQuotas.Installs).Append(StorageQuotas.WebLocal).Append(StorageQuotas.BrowserState)
        .ToDictionary(a => a, _ => new Dictionary<string, string>(StringComparer.Ordinal));

    private readonly StorageOwner _owner;
    private readonly IActorRef _changesTo;

    public ExtensionStorage(StorageOwner owner, IActorRef changesTo)
    {
        PersistenceId = "storage-" + owner.ExtensionId;
        _flavor = owner.Flavor;
        _owner = owner;
        _changesTo = changesTo;
    }

    /// <summary><paramref name="changesTo"/>: the extension's supervisor, which takes change reports.</summary>
    public static Props Props(StorageOwner owner, IActorRef changesTo) => Akka.Actor.Props.Create<ExtensionStorage>(owner, changesTo);

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
            case Call call: HandleAnswering(call); break;
            case SaveSnapshotSuccess success:
                // The snapshot holds everything: the events it covers and the snapshots before it are no longer needed.
                DeleteMessages(success.Metadata.SequenceNr);
                DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1));
                break;
            // A failed snapshot or clean-up leaves the previous snapshot and events in place: recovery still finds everything.
            case SaveSnapshotFailure failure: LogStoreProblem("saving a snapshot", failure.Cause); break;
            case DeleteMessagesFailure failure: LogStoreProblem("deleting events covered by a snapshot", failure.Cause); break;
            case DeleteSnapshotsFailure failure: LogStoreProblem("deleting older snapshots", failure.Cause); break;
            case DeleteMessagesSuccess or DeleteSnapshotsSuccess: break;
            default: Unhandled(message); break;
        }
    }

    // A call that throws (a hand-edited install record that no longer reads as a version) fails alone: state changes
    // only once an event is stored, so the actor and the calls behind it go on.
    private void HandleAnswering(Call call)
    {
        try
        {
            Handle(call);
        }
        catch (JsonException ex)
        {
            LogStoreProblem(StorageFailure.Operation(call.Request), ex);
            Sender.Tell(new StorageAnswer(call.RequestId, null, $"{StorageFailure.Operation(call.Request)} failed: the stored data could not be read (see the node's log)"));
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
                _writing = (call, replyTo);
                Persist(new ItemsStored(StorageQuotas.Installs, record), _ =>
                {
                    _writing = null;
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
        var changesTo = _changesTo;
        void Commit()
        {
            var changes = Apply(area, set, removed);
            // onChanged is reported before the caller's promise settles, and counts as work until the supervisor takes it;
            // localStorage has storage events of its own, raised by the page that wrote; the browser's own state has none.
            if (changes.Count > 0 && area is not (StorageQuotas.WebLocal or StorageQuotas.BrowserState))
            {
                _owner.ReportChange(changesTo, new Changed(area, changes.ToJsonString()));
            }
            replyTo.Tell(new StorageAnswer(call.RequestId, changes.Count, null));
        }

        if (area == StorageQuotas.Session)
        {
            Commit();
            return;
        }
        _writing = (call, replyTo);
        var started = Telemetry.RuntimeTelemetry.StartTiming(Telemetry.RuntimeTelemetry.StorageWriteDuration);
        Persist(@event, _ =>
        {
            _writing = null;
            Telemetry.RuntimeTelemetry.StopTiming(Telemetry.RuntimeTelemetry.StorageWriteDuration, started, new System.Diagnostics.TagList
            {
                { Telemetry.RuntimeTelemetry.ExtensionIdAttribute, _owner.ExtensionId },
                { Telemetry.RuntimeTelemetry.StorageAreaAttribute, area },
            });
            Commit();
            if (LastSequenceNr % SnapshotEvery == 0) SaveSnapshot(new StorageSnapshot(_areas.Where(a => a.Key != StorageQuotas.Session).ToDictionary(a => a.Key, a => new Dictionary<string, string>(a.Value))));
        });
    }

    // A write the journal failed: the caller hears why. Akka.Persistence stops this actor next (the event may or may
    // not be stored); the guard hears the reason first, and a fresh instance recovers what the store really holds.
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        var reason = StorageFailure.Reason(cause);
        FailWriting(reason);
        Context.Parent.Tell(new Failed(reason, Recovering: false));
        LogStoreProblem("writing", cause);
    }

    // A write the journal refused (nothing was stored): the caller hears why and this actor goes on.
    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        FailWriting(StorageFailure.Reason(cause));
        LogStoreProblem("writing", cause);
    }

    // Stored data that cannot be read: Akka.Persistence stops this actor; the guard retries or refuses the calls waiting for it.
    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        Context.Parent.Tell(new Failed(StorageFailure.Reason(reason), Recovering: true));
        LogStoreProblem("reading stored data", reason);
    }

    private void FailWriting(string reason)
    {
        if (_writing is not { } writing) return;
        _writing = null;
        writing.ReplyTo.Tell(new StorageAnswer(writing.Call.RequestId, null, $"{StorageFailure.Operation(writing.Call.Request)} failed: {reason}"));
    }

    // One line without the exception's stack: the callers already have the reason in their error.
    private void LogStoreProblem(string doing, Exception cause) =>
        Context.GetLogger().Warning("{0}: {1} failed: {2}", PersistenceId, doing, StorageFailure.Reason(cause));

    /// <summary>Well-formed JSON nested no deeper than a message may be (System.Text.Json's reader does not recurse).</summary>
    private bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = _owner.MaxValueDepth });
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Applies set and removed keys to the area; returns <c>{ key: { oldValue, newValue } }</c> of what actually changed.</summary>
    private StorageChanges Apply(string area, IReadOnlyDictionary<string, string> set, IReadOnlyList<string> removed)
    {
        var items = _areas[area];
        var changes = new StorageChanges();
        foreach (var key in removed)
            if (items.Remove(key, out var old))
                changes.Add(key, old, null);
        foreach (var (key, value) in set)
        {
            items.TryGetValue(key, out var old);
            items[key] = value;
            changes.Add(key, old, value);
        }
        return changes;
    }

    private static IEnumerable<KeyValuePair<string, string>> Select(Dictionary<string, string> area, IReadOnlyList<string>? keys) =>
        keys is null ? area : keys.Where(area.ContainsKey).Distinct().Select(k => new KeyValuePair<string, string>(k, area[k]));
}
