namespace ActorRuntime.Kernel;

/// <summary>Where a background is in its life (spec section 5): <c>stopped → starting → running → suspending → stopped</c>, and <c>suspending → running</c> on cancel.</summary>
internal enum BackgroundPhase { Stopped, Starting, Running, Suspending }

/// <summary>Which of a background's timers is due.</summary>
internal enum LifecycleTimer { Idle, Suspend }

/// <summary>What the supervisor does for a background when its lifecycle decides; in the order given.</summary>
internal abstract record LifecycleEffect
{
    private LifecycleEffect()
    {
    }

    /// <summary>Arm the background's one timer (replacing any); when due, report <paramref name="Kind"/> with <paramref name="Generation"/>.</summary>
    public sealed record ArmTimer(LifecycleTimer Kind, TimeSpan Delay, int Generation) : LifecycleEffect;

    /// <summary>Cancel the background's timer.</summary>
    public sealed record CancelTimer : LifecycleEffect
    {
        public static readonly CancelTimer Instance = new();
    }

    /// <summary>Fire <c>runtime.onSuspend</c>; the background reports back with <paramref name="Token"/> once its listeners are done.</summary>
    public sealed record DispatchOnSuspend(int Token) : LifecycleEffect;

    /// <summary>Fire <c>runtime.onSuspendCanceled</c>.</summary>
    public sealed record DispatchOnSuspendCanceled : LifecycleEffect
    {
        public static readonly DispatchOnSuspendCanceled Instance = new();
    }

    /// <summary>Close the background: its global state is gone, and the next wake runs its scripts afresh.</summary>
    public sealed record Stop : LifecycleEffect
    {
        public static readonly Stop Instance = new();
    }
}

/// <summary>The rules of spec section 5 that differ per flavour, and whether the background is an event page at all.</summary>
/// <param name="KeepAliveCounts">Chromium: the keep-alive count (open views, message channels) holds the page; Firefox: only activity resets the idle wait.</param>
/// <param name="WaitsOutSuspension">Chromium closes the page a fixed time after <c>onSuspend</c>; Firefox as soon as its listeners are done (capped).</param>
internal sealed record LifecyclePolicy(bool IsEventPage, bool KeepAliveCounts, bool WaitsOutSuspension, TimeSpan IdleDelay, TimeSpan SuspendCap)
{
    /// <summary>A service worker: idle means stopped at once, without <c>runtime.onSuspend</c>.</summary>
    public bool IsWorker { get; init; }

    // Shared by every extension on the default timings: a runtime holds thousands of extensions, each with two backgrounds.
    private static readonly LifecyclePolicy[] Defaults = [Create(Flavor.Mdn, false, EventPageOptions.Default), Create(Flavor.Mdn, true, EventPageOptions.Default),
        Create(Flavor.Chrome, false, EventPageOptions.Default), Create(Flavor.Chrome, true, EventPageOptions.Default)];

    public static LifecyclePolicy For(Flavor flavor, bool isEventPage, EventPageOptions options) => options == EventPageOptions.Default
        ? Defaults[(flavor == Flavor.Chrome ? 2 : 0) + (isEventPage ? 1 : 0)]
        : Create(flavor, isEventPage, options);

    private static readonly LifecyclePolicy DefaultWorker = CreateWorker(EventPageOptions.Default);

    /// <summary>Chromium's MV3 service worker: stopped outright (no <c>onSuspend</c>) once idle; views and channels do not hold it.</summary>
    public static LifecyclePolicy ForWorker(EventPageOptions options) => options == EventPageOptions.Default ? DefaultWorker : CreateWorker(options);

    private static LifecyclePolicy CreateWorker(EventPageOptions options) =>
        new(IsEventPage: true, KeepAliveCounts: false, WaitsOutSuspension: false, options.WorkerIdleTimeout, TimeSpan.Zero) { IsWorker = true };

    private static LifecyclePolicy Create(Flavor flavor, bool isEventPage, EventPageOptions options) => flavor == Flavor.Chrome
        ? new(isEventPage, KeepAliveCounts: true, WaitsOutSuspension: true, options.ChromeIdleTimeout, options.ChromeSuspendingTime)
        : new(isEventPage, KeepAliveCounts: false, WaitsOutSuspension: false, options.FirefoxIdleTimeout, options.FirefoxSuspendTimeout);
}

/// <summary>
/// The life of one background as a pure state machine (spec section 5): each input returns the effects the supervisor
/// carries out; nothing here touches an actor, an engine or a clock. Times come in as arguments, and timer reports carry
/// the generation they were armed with, so a report that a later change made stale is ignored.
/// </summary>
/// <remarks>
/// The phase is kept here and nowhere else. Thread-safety: the phase is read and written atomically, because a turn of
/// the extension's loop may take it from suspending back to running when the background sees activity
/// (<see cref="TryCancelSuspension"/>, a compare-and-swap exactly one side wins); every other member is used only by the
/// supervisor, on its own thread.
/// </remarks>
internal sealed class BackgroundLifecycle(LifecyclePolicy policy)
{
    private static readonly LifecycleEffect[] Nothing = [];

    private int _phase;
    private int _starts;
    private int _nextToken;
    private int _suspendToken;

    public LifecyclePolicy Policy { get; } = policy;

    public BackgroundPhase Phase
    {
        get => (BackgroundPhase)Volatile.Read(ref _phase);
        private set => Interlocked.Exchange(ref _phase, (int)value);
    }

    /// <summary>Suspending → running, for whoever gets there first; false when it was not suspending (or the other side won).</summary>
    public bool TryCancelSuspension() =>
        Interlocked.CompareExchange(ref _phase, (int)BackgroundPhase.Running, (int)BackgroundPhase.Suspending) == (int)BackgroundPhase.Suspending;

    /// <summary>Changes with every timer armed or cancelled and every phase change: a timer report carrying an older value is stale.</summary>
    public int Generation { get; private set; }

    /// <summary>Whether a timer is armed (it stays so after it fired, until cancelled or replaced).</summary>
    public bool TimerArmed { get; private set; }

    /// <summary>The token of the <c>onSuspend</c> dispatch being waited for, while suspending.</summary>
    public int? SuspendToken
    {
        get => _suspendToken == 0 ? null : _suspendToken;
        private set => _suspendToken = value ?? 0;
    }

    /// <summary>How many times its context was created (its first start, then each wake); read from any thread (the status page samples it).</summary>
    public int Starts => Volatile.Read(ref _starts);

    /// <summary>Stopped → starting: its context is being created.</summary>
    public void Starting()
    {
        Interlocked.Increment(ref _starts);
        Phase = BackgroundPhase.Starting;
    }

    /// <summary>Starting → running: its scripts have run. An event page starts waiting to be idle.</summary>
    public IReadOnlyList<LifecycleEffect> Loaded(int keepAlive)
    {
        Phase = BackgroundPhase.Running;
        return ArmIdle(keepAlive);
    }

    /// <summary>
    /// The idle timer is due. Unless something kept the page alive, it starts suspending: the phase is written first and
    /// only then is <paramref name="quietFor"/> read, so activity a turn records meanwhile either shows in it or finds the
    /// phase suspending and cancels.
    /// </summary>
    public IReadOnlyList<LifecycleEffect> IdleDue(int generation, int keepAlive, Func<TimeSpan> quietFor)
    {
        if (!Policy.IsEventPage || generation != Generation || Phase != BackgroundPhase.Running) return Nothing;
        if (Policy.KeepAliveCounts && keepAlive > 0)
        {
            // Held: no wait is running now, so the count falling to zero (even before its notice) starts a new one.
            Cancel();
            return Nothing;
        }
        Phase = BackgroundPhase.Suspending;
        // Tokens start at 1 (0 is none) and wrap: only equality with the one awaited matters.
        SuspendToken = ++_nextToken == 0 ? ++_nextToken : _nextToken;
        Cancel();
        var quiet = quietFor();
        if (quiet < Policy.IdleDelay)
        {
            // Activity came in after all: quietly back to running, unless the page saw the phase and cancelled itself.
            if (!TryCancelSuspension()) return Nothing;
            SuspendToken = null;
            return [Arm(LifecycleTimer.Idle, Policy.IdleDelay - quiet)];
        }
        if (Policy.IsWorker)
        {
            SuspendToken = null;
            return Stop();
        }
        return [new LifecycleEffect.DispatchOnSuspend(SuspendToken.Value), Arm(LifecycleTimer.Suspend, Policy.SuspendCap)];
    }

    /// <summary>Every <c>onSuspend</c> listener is done: Firefox stops the page then; Chromium waits out its suspending time (not when terminated on request).</summary>
    public IReadOnlyList<LifecycleEffect> SuspendListenersDone(long token)
    {
        if (SuspendToken != token) return Nothing;
        _listenersDone = true;
        return !Policy.WaitsOutSuspension || _terminating ? Stop() : Nothing;
    }

    private bool _terminating;

    // Chromium waits out its suspending time after the onSuspend listeners are done: a terminate then stops at once.
    private bool _listenersDone;

    /// <summary>
    /// The harness terminates the background now (<c>--terminate</c>): a worker stops at once; an event page fires
    /// <c>onSuspend</c> and stops as soon as its listeners are done (capped as usual). Nothing when it is not running.
    /// </summary>
    public IReadOnlyList<LifecycleEffect> TerminateRequested()
    {
        if (Policy.IsEventPage && Phase == BackgroundPhase.Suspending)
        {
            // Suspending already: it stops as soon as its listeners are done, without waiting out Chromium's time.
            _terminating = true;
            return _listenersDone ? Stop() : Nothing;
        }
        if (!Policy.IsEventPage || Phase != BackgroundPhase.Running) return Nothing;
        Phase = BackgroundPhase.Suspending;
        Cancel();
        if (Policy.IsWorker) return Stop();
        _terminating = true;
        SuspendToken = ++_nextToken == 0 ? ++_nextToken : _nextToken;
        return [new LifecycleEffect.DispatchOnSuspend(SuspendToken.Value), Arm(LifecycleTimer.Suspend, Policy.SuspendCap)];
    }

    /// <summary>The suspend timer is due: the page stops whatever its listeners still do.</summary>
    public IReadOnlyList<LifecycleEffect> SuspendDue(int generation) =>
        generation == Generation ? Stop() : Nothing;

    /// <summary>
    /// Something addressed to the page arrived (an event, a message, a wake with activity): it cancels a suspension in
    /// progress; in Chromium it also restarts the idle wait. (Firefox's idle wait reads the last activity when due.)
    /// </summary>
    public IReadOnlyList<LifecycleEffect> Activity(int keepAlive)
    {
        if (!Policy.IsEventPage) return Nothing;
        if (Phase == BackgroundPhase.Suspending) return Resume(keepAlive);
        return Policy.KeepAliveCounts ? ArmIdle(keepAlive) : Nothing;
    }

    /// <summary><c>getBackgroundPage()</c>: it cancels a suspension but does not reset the idle wait of a running page.</summary>
    public IReadOnlyList<LifecycleEffect> WakeRequested(int keepAlive) =>
        Phase == BackgroundPhase.Suspending ? Resume(keepAlive) : Nothing;

    /// <summary>A view or channel opened or closed (Chromium): a count above zero holds the page or cancels its suspension; at zero the idle wait starts.</summary>
    public IReadOnlyList<LifecycleEffect> KeepAliveChanged(int keepAlive)
    {
        if (!Policy.IsEventPage || !Policy.KeepAliveCounts) return Nothing;
        if (Phase == BackgroundPhase.Suspending && keepAlive > 0) return Resume(keepAlive);
        if (Phase == BackgroundPhase.Running && (keepAlive > 0 || !TimerArmed)) return ArmIdle(keepAlive);
        return Nothing;
    }

    /// <summary>The page cancelled its own suspension on activity (it has fired <c>onSuspendCanceled</c> already).</summary>
    public IReadOnlyList<LifecycleEffect> CanceledByPage(int keepAlive)
    {
        if (Phase != BackgroundPhase.Running || SuspendToken is null) return Nothing;
        SuspendToken = null;
        _terminating = false;
        _listenersDone = false;
        Cancel();
        return ArmIdle(keepAlive);
    }

    /// <summary>The page's context is gone (closed, suspended, or it stopped): back to stopped, nothing armed.</summary>
    public void Stopped()
    {
        Phase = BackgroundPhase.Stopped;
        _terminating = false;
        _listenersDone = false;
        SuspendToken = null;
        Cancel();
    }

    /// <summary>Suspending → stopped, unless a turn cancelled the suspension first (it fired <c>onSuspendCanceled</c>; its notice follows).</summary>
    private IReadOnlyList<LifecycleEffect> Stop()
    {
        if (Interlocked.CompareExchange(ref _phase, (int)BackgroundPhase.Stopped, (int)BackgroundPhase.Suspending) != (int)BackgroundPhase.Suspending) return Nothing;
        Stopped();
        return [LifecycleEffect.Stop.Instance];
    }

    /// <summary>Suspending → running; <c>onSuspendCanceled</c> fires unless the page cancelled itself first (it fired it then).</summary>
    private IReadOnlyList<LifecycleEffect> Resume(int keepAlive)
    {
        var cancelledHere = TryCancelSuspension();
        SuspendToken = null;
        _terminating = false;
        _listenersDone = false;
        Cancel();
        var idle = ArmIdle(keepAlive);
        return cancelledHere ? [LifecycleEffect.DispatchOnSuspendCanceled.Instance, .. idle] : idle;
    }

    /// <summary>(Re)starts the idle wait of a running event page, or holds it while the keep-alive count is above zero.</summary>
    private IReadOnlyList<LifecycleEffect> ArmIdle(int keepAlive)
    {
        if (!Policy.IsEventPage || Phase != BackgroundPhase.Running) return Nothing;
        if (Policy.KeepAliveCounts && keepAlive > 0)
        {
            Cancel();
            return [LifecycleEffect.CancelTimer.Instance];
        }
        return [Arm(LifecycleTimer.Idle, Policy.IdleDelay)];
    }

    // Generations wrap: a report is compared for equality only, with the one value current when it is handled.
    private LifecycleEffect Arm(LifecycleTimer kind, TimeSpan delay)
    {
        Generation = unchecked(Generation + 1);
        TimerArmed = true;
        return new LifecycleEffect.ArmTimer(kind, delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Generation);
    }

    private void Cancel()
    {
        Generation = unchecked(Generation + 1);
        TimerArmed = false;
    }
}
