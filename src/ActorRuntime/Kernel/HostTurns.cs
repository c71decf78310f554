using ActorRuntime.Scripting;
using Akka.Actor;

namespace ActorRuntime.Kernel;

/// <summary>
/// Runs work of the host (a request the host issues going through the extension's listeners) on the extension's loop turn,
/// as a context would run its own messages: the work may call into any engine of the extension while it runs, and a whole
/// chain of events answered synchronously costs one turn instead of an actor round trip per event. One per extension, a
/// child of its supervisor, made on first use. Work it runs may ask the supervisor to wake the background
/// (<see cref="WakeBackground"/>); the answer comes back as work on a later turn.
/// </summary>
internal sealed class HostTurns : UntypedActor
{
    /// <summary>Asks an extension's supervisor for its <see cref="HostTurns"/> (made on first use); it replies the <see cref="IActorRef"/>.</summary>
    internal sealed record Wanted : INoSerializationVerificationNeeded
    {
        public static readonly Wanted Instance = new();
    }

    /// <summary>Work to run on a turn; <paramref name="Abandon"/> hears why it never will (the extension was stopped).</summary>
    internal sealed record Run(Action Work, Action<string> Abandon) : INoSerializationVerificationNeeded;

    private readonly ExtensionKernel _extension;
    private readonly IActorRef _self;
    private readonly Queue<(object Message, Counted? Counted)> _pending = new();
    private readonly Dictionary<long, WakeBackground> _wakes = new();
    private long _lastWake;
    private bool _waitingForTurn;
    private readonly Action _handlePending;
    private readonly Func<IActorRef?> _nextHolder;

    public HostTurns(ExtensionKernel extension)
    {
        _extension = extension;
        _self = Self;
        _handlePending = HandlePending;
        _nextHolder = () => _self;
    }

    internal static Props Props(ExtensionKernel extension) => Akka.Actor.Props.Create<HostTurns>(extension);

    /// <summary>
    /// Asks the supervisor to start (or wait for) the regular background; <paramref name="OnReady"/> runs on a later turn
    /// once it has loaded (with its realm, null when it could not). Counted as the extension's work until then.
    /// </summary>
    internal sealed record WakeBackground(Action<ContextRealm?> OnReady, Action<string> OnAbandon) : INoSerializationVerificationNeeded;

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case LoopTurn:
                _waitingForTurn = false;
                RunTurn();
                return;
            case Counted { Message: Run } counted:
                if (_extension.HaltReason is { } halted)
                {
                    _extension.Work.Drop(counted);
                    ((Run)counted.Message).Abandon(halted);
                    return;
                }
                Schedule(counted.Message, counted);
                return;
            case Counted { Message: WakeBackground wake } counted:
                using (_extension.Work.Accept(counted))
                {
                    var id = ++_lastWake;
                    _wakes[id] = wake;
                    _extension.Work.Begin();
                    _extension.Supervisor.Tell(new SupervisorSignals.WakeBackground(id, CallerIsPrivate: false), _self);
                }
                return;
            case SupervisorSignals.BackgroundPageReply reply:
                Schedule(reply, null);
                return;
            default:
                Unhandled(message);
                return;
        }
    }

    private void Schedule(object message, Counted? counted)
    {
        _pending.Enqueue((message, counted));
        if (_waitingForTurn) return;
        if (_extension.Loop.TryEnter(_self)) RunTurn();
        else _waitingForTurn = true;
    }

    private void RunTurn()
    {
        if (_extension.TryRunTurn(_handlePending, _nextHolder))
        {
            // A stopped extension runs nothing more: what waited hears why.
            if (_extension.HaltReason is { } halted) AbandonAll(halted);
            return;
        }
        // Over the extension's CPU share: keep the turn and look again later, as a context does.
        _waitingForTurn = true;
        Context.System.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(50), _self, LoopTurn.Instance, ActorRefs.NoSender);
    }

    private void HandlePending()
    {
        while (_pending.TryDequeue(out var item))
        {
            _extension.Budget.Arm();
            try
            {
                switch (item.Message)
                {
                    case Run run:
                        run.Work();
                        break;
                    case SupervisorSignals.BackgroundPageReply reply when _wakes.Remove(reply.RequestId, out var wake):
                        try
                        {
                            // A worker started for the request hears its events as the ones that woke it.
                            if (reply.Answer is { Woke: true, Window: { } worker }) worker.AsWaking(() => wake.OnReady(worker));
                            else wake.OnReady(reply.Answer.Window);
                        }
                        finally
                        {
                            _extension.Work.End();
                        }
                        break;
                }
                if (_extension.Realms.FirstOrDefault(r => !r.IsDead) is { } realm) _extension.DrainJobs(realm);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _extension.RecoverAll(ex);
                if (item.Message is Run run) run.Abandon(ErrorReport.Describe(ex));
            }
            finally
            {
                if (item.Counted is { } counted) _extension.Work.Drop(counted);
            }
        }
    }

    private void AbandonAll(string reason)
    {
        while (_pending.TryDequeue(out var item))
        {
            if (item.Message is Run run) run.Abandon(reason);
            if (item.Counted is { } counted) _extension.Work.Drop(counted);
        }
        // A request waiting for a wake hears that none comes: it dispatches to no background rather than waiting forever.
        var wakes = _wakes.Values.ToList();
        _wakes.Clear();
        foreach (var wake in wakes)
        {
            _extension.Work.End();
            wake.OnAbandon(reason);
        }
    }

    protected override void PreStart() => _extension.HostTurnsActor = _self;

    protected override void PostStop()
    {
        // A supervisor restarted makes a new one: requests ask for it again.
        if (ReferenceEquals(_extension.HostTurnsActor, _self)) _extension.HostTurnsActor = null;
        AbandonAll($"extension \"{_extension.Package.Id}\" was stopped");
    }
}
