using Akka.Actor;
using Akka.Event;
using static ActorRuntime.Storage.ExtensionStorage.Protocol;

namespace ActorRuntime.Storage;

/// <summary>
/// Stands in front of one extension's <see cref="ExtensionStorage"/> so that every call is answered, whatever happens
/// to the store. Calls are relayed under the guard's own ids. When the storage stops after a failed write (the failed
/// call itself was answered with the reason), each call it left unanswered goes once more to a fresh storage, which
/// recovers what the store really holds; when the stored data could not be read, or a call already had that second
/// chance, the call is refused with the reason ("storage is unavailable"). The next call starts another storage, so
/// storage comes back by itself once the store works again. The guard itself stops only with its extension (whose
/// contexts, the callers, stop with it) or before any script has called it.
/// </summary>
internal sealed class StorageGuard : UntypedActor
{
    // A call is tried on at most this many storage instances: a passing fault is ridden out, a lasting one answered.
    private const int MaxAttempts = 2;

    private readonly string _extensionId;
    private readonly Flavor _flavor;
    private readonly StorageOwner _owner;
    private readonly SortedDictionary<long, Pending> _pending = new();
    private long _lastId;
    private IActorRef? _storage;
    private Failed? _failure;

    public StorageGuard(StorageOwner owner)
    {
        _extensionId = owner.ExtensionId;
        _flavor = owner.Flavor;
        _owner = owner;
    }

    /// <summary>The guard of <paramref name="owner"/>'s storage; changes are reported to the guard's parent, the extension's supervisor.</summary>
    public static Props Props(StorageOwner owner) => Akka.Actor.Props.Create<StorageGuard>(owner);

    private sealed record Pending(Call Call, IActorRef ReplyTo, int Attempts);

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            // Only the storage answers the guard; callers send calls.
            case StorageAnswer answer: OnAnswer(answer); break;
            case Call call: Relay(call, Sender); break;
            case Failed failed: _failure = failed; break;
            case Terminated terminated when terminated.ActorRef.Equals(_storage): OnStorageStopped(); break;
            default: Unhandled(message); break;
        }
    }

    // A storage that throws anyway is stopped like one the journal stopped (never restarted in place with the calls it
    // held), and its calls are retried or refused the same way.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(cause =>
    {
        Context.GetLogger().Warning("storage of {0} failed: {1}", _extensionId, StorageFailure.Reason(cause));
        _failure = new Failed("the storage stopped after an internal error", Recovering: false);
        return Directive.Stop;
    }, loggingEnabled: false);

    private void Relay(Call call, IActorRef replyTo)
    {
        var id = ++_lastId;
        _pending[id] = new Pending(call, replyTo, 1);
        ExtensionStorageActor().Tell(call with { RequestId = id });
    }

    private void OnAnswer(StorageAnswer answer)
    {
        if (_pending.Remove(answer.RequestId, out var pending))
            pending.ReplyTo.Tell(answer with { RequestId = pending.Call.RequestId });
    }

    private IActorRef ExtensionStorageActor()
    {
        if (_storage is null)
        {
            _storage = Context.ActorOf(ExtensionStorage.Props(_owner, Context.Parent), "journal");
            Context.Watch(_storage);
        }
        return _storage;
    }

    // Calls sent before the stop are retried in their order, ahead of any later call; the failed write itself was answered already.
    private void OnStorageStopped()
    {
        _storage = null;
        var failure = _failure ?? new Failed("the storage stopped", Recovering: false);
        _failure = null;
        var reason = failure.Reason;
        if (_pending.Count > 0) Context.GetLogger().Warning("storage of {0} stopped ({1}); {2} call(s) in flight are retried or refused", _extensionId, reason, _pending.Count);
        foreach (var (id, pending) in _pending.ToList())
        {
            if (failure.Recovering || pending.Attempts >= MaxAttempts)
            {
                _pending.Remove(id);
                pending.ReplyTo.Tell(new StorageAnswer(pending.Call.RequestId, null, StorageFailure.Unavailable(pending.Call.Request, reason)));
                continue;
            }
            _pending[id] = pending with { Attempts = pending.Attempts + 1 };
            ExtensionStorageActor().Tell(pending.Call with { RequestId = id });
        }
    }
}
