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

    /// <summary>The wake its context was started for was answered by the context (see <see cref="MarkLoaded"/>).</summary>
    public bool WakeAnswered { get; private set; }

    /// <summary>Its scripts have run (the lifecycle is running already): whoever waited for that goes on.</summary>
    public void MarkLoaded(ContextRealm realm, string? failure, bool wakeAnswered = false)
    {
        Realm = realm;
        Failure = failure;
        WakeAnswered = wakeAnswered;
        var waiting = Waiting.ToList();
        Waiting.Clear();
        foreach (var action in waiting) action();
    }

    /// <summary>
    /// Runs <paramref name="answer"/> once loaded, unless the context starting now (given the wake to answer itself) did
    /// answer it: a set-up that failed first, or a context stopped and started again, leaves it to the supervisor.
    /// </summary>
    public void WhenLoadedUnlessWakeAnswered(Action answer)
    {
        var started = Actor;
        Waiting.Add(() =>
        {
            if (!WakeAnswered || !ReferenceEquals(Actor, started)) answer();
        });
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
        WakeAnswered = false;
        Lifecycle.Stopped();
    }
}
