using ActorRuntime.Kernel;
using ActorRuntime.Scripting;
using Akka.Actor;

namespace ActorRuntime.Lifecycle;

/// <summary>
/// One background profile of an extension as the supervisor holds it: its actor, what its scripts left (realm, failure),
/// who waits for them to run, and its one timer. Where it is in its life, and the decisions about it, are its
/// <see cref="Lifecycle"/>'s.
/// </summary>
internal sealed class BackgroundSlot(string label, bool isPrivate, BackgroundLifecycle lifecycle)
{
    private ITimer? _timer;

    public string Label { get; } = label;
    public bool IsPrivate { get; } = isPrivate;
    public BackgroundLifecycle Lifecycle { get; } = lifecycle;
    public BackgroundPhase Phase => Lifecycle.Phase;
    public IActorRef? Actor { get; private set; }
    public ContextRealm? Realm { get; private set; }
    public string? Failure { get; private set; }
    public bool IsLoaded => Realm is { IsDead: false } && Phase is BackgroundPhase.Running or BackgroundPhase.Suspending;
    public List<Action> Waiting { get; } = new();

    public void MarkStarting(IActorRef actor)
    {
        Actor = actor;
        Lifecycle.Starting();
    }

    /// <summary>The supervisor's answers to wakes whose context was started to answer them itself, by that context.</summary>
    private List<(IActorRef Started, Action Answer)>? _wakeAnswers;

    /// <summary>Its scripts have run (the lifecycle is running already): whoever waited for that goes on.</summary>
    public void MarkLoaded(ContextRealm realm, string? failure)
    {
        Realm = realm;
        Failure = failure;
        var waiting = Waiting.ToList();
        Waiting.Clear();
        // A wake still here was not answered by the context started for it (see WakeAnsweredBy): the supervisor answers.
        if (_wakeAnswers is { } wakes)
        {
            waiting.AddRange(wakes.Select(w => w.Answer));
            _wakeAnswers = null;
        }
        foreach (var action in waiting) action();
    }

    /// <summary>
    /// Runs <paramref name="answer"/> once loaded, unless the context starting now (given the wake to answer itself)
    /// says it did (<see cref="WakeAnsweredBy"/>): a set-up that failed before it answered, or a context stopped before
    /// it loaded, leaves the wake to the supervisor.
    /// </summary>
    public void WhenLoadedUnlessWakeAnswered(Action answer) => (_wakeAnswers ??= new()).Add((Actor!, answer));

    /// <summary><paramref name="context"/> answered the wake it was started for (its Loaded said so, even when it has been replaced since).</summary>
    public void WakeAnsweredBy(IActorRef context)
    {
        _wakeAnswers?.RemoveAll(w => w.Started.Equals(context));
        if (_wakeAnswers is { Count: 0 }) _wakeAnswers = null;
    }

    /// <summary>Arms the slot's one timer; whatever was armed before is cancelled.</summary>
    public void ArmTimer(TimeProvider clock, TimeSpan delay, Action onDue)
    {
        CancelTimer();
        _timer = clock.CreateTimer(_ => onDue(), null, delay, Timeout.InfiniteTimeSpan);
    }

    public void CancelTimer()
    {
        _timer?.Dispose();
        _timer = null;
    }

    /// <summary>Its context is gone: nothing held, nothing armed, stopped.</summary>
    public void Reset()
    {
        CancelTimer();
        Actor = null;
        Realm = null;
        Failure = null;
        Lifecycle.Stopped();
    }
}
