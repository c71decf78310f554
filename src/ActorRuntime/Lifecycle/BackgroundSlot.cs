using ActorRuntime.Scripting;
using Akka.Actor;

namespace ActorRuntime.Lifecycle;

/// <summary>Where a background is in its life (spec section 5): <c>stopped → starting → running → suspending → stopped</c>, and <c>suspending → running</c> on cancel.</summary>
internal enum BackgroundPhase { Stopped, Starting, Running, Suspending }

/// <summary>One background profile of an extension: its actor, its phase, whether its scripts have run, who waits for that, and its idle and suspend timers.</summary>
internal sealed class BackgroundSlot(string label, bool isPrivate)
{
    private ITimer? _timer;

    public string Label { get; } = label;
    public bool IsPrivate { get; } = isPrivate;
    public IActorRef? Actor { get; set; }
    public ContextRealm? Realm { get; private set; }
    public string? Failure { get; private set; }
    public BackgroundPhase Phase { get; private set; }
    public bool IsLoaded => Realm is { IsDead: false } && Phase is BackgroundPhase.Running or BackgroundPhase.Suspending;
    public List<Action> Waiting { get; } = new();

    /// <summary>Changes with every timer armed and every phase change: a timer message carrying an older value is stale.</summary>
    public long Generation { get; private set; }

    /// <summary>The token of the <c>onSuspend</c> dispatch being waited for, while suspending.</summary>
    public long? SuspendToken { get; set; }

    public bool HasTimer => _timer is not null;

    public void MarkStarting(IActorRef actor)
    {
        Actor = actor;
        Phase = BackgroundPhase.Starting;
    }

    public void MarkLoaded(ContextRealm realm, string? failure)
    {
        Realm = realm;
        Failure = failure;
        Phase = BackgroundPhase.Running;
        var waiting = Waiting.ToList();
        Waiting.Clear();
        foreach (var action in waiting) action();
    }

    public void MarkSuspending(long token)
    {
        Phase = BackgroundPhase.Suspending;
        SuspendToken = token;
        CancelTimer();
    }

    public void MarkResumed()
    {
        Phase = BackgroundPhase.Running;
        SuspendToken = null;
        CancelTimer();
    }

    /// <summary>Arms the slot's one timer; whatever was armed before is cancelled.</summary>
    public void ArmTimer(TimeProvider clock, TimeSpan delay, Action<long> onDue)
    {
        CancelTimer();
        var generation = Generation;
        _timer = clock.CreateTimer(_ => onDue(generation), null, delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
    }

    public void CancelTimer()
    {
        Generation++;
        _timer?.Dispose();
        _timer = null;
    }

    public void Reset()
    {
        CancelTimer();
        Actor = null;
        Realm = null;
        Failure = null;
        SuspendToken = null;
        Phase = BackgroundPhase.Stopped;
    }
}
