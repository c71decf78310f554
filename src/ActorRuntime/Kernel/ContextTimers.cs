using ActorRuntime.Scripting;
using Akka.Actor;
using Jint.Native;

namespace ActorRuntime.Kernel;

/// <summary>
/// The <c>setTimeout</c>/<c>setInterval</c> list of one context. The extension's clock only sends the
/// owning actor a <see cref="ContextActor.Protocol.TimerDue"/>; the callback runs on that actor's next
/// turn, never on the clock's thread. A fired timer counts as outstanding work of the extension until
/// its turn has run (or the context has gone), and a timer due at once counts from the moment it is set (on real
/// time the clock hands it over a moment later), so "settled" really means nothing is about to run. A timer due later,
/// including one clamped to 4 ms, counts only once due: the virtual clock settles before it moves to the next timer.
/// </summary>
internal sealed class ContextTimers(ExtensionKernel extension, Action<int> due)
{
    // HTML: from the sixth nested timer on, delays under 4 ms are raised to 4 ms.
    private const int NestingClampLevel = 5;
    private static readonly TimeSpan NestedMinimum = TimeSpan.FromMilliseconds(4);

    private readonly Dictionary<int, Entry> _entries = new();
    private int _nextId;
    private int _inFlight;
    private int _currentNesting;

    public int Count => _entries.Count;

    /// <summary>
    /// Registers a timer and returns its id (positive, never reused within the context). A timer that is not
    /// <paramref name="nested"/> (an animation frame) is no timer task of HTML's: never clamped, and what it starts is not nested in it.
    /// </summary>
    public int Start(ContextRealm realm, JsValue callback, JsValue[] arguments, double milliseconds, bool repeat, bool nested = true)
    {
        extension.TimerStarted();
        var id = ++_nextId;
        var nesting = nested ? _currentNesting + 1 : 0;
        var delay = Delay(milliseconds, nesting);
        // A timer due now is about to run: it counts as the extension's work from here (a step's answer must not leave
        // without what it prints).
        var tick = new Tick(this, id);
        if (delay == TimeSpan.Zero) tick.CountEarly(extension);
        var entry = new Entry(realm, callback, arguments, repeat ? delay : null, nesting, tick);
        _entries[id] = entry;
        entry.Handle = extension.Clock.CreateTimer(static state => ((Tick)state!).Deliver(), tick, delay, Timeout.InfiniteTimeSpan);
        return id;
    }

    /// <summary>Clears a timer of <paramref name="realm"/> (the realms of one context, a tab's page and its content scripts, share the ids).</summary>
    public void Clear(ContextRealm realm, int id)
    {
        if (!_entries.TryGetValue(id, out var entry) || !ReferenceEquals(entry.Realm, realm)) return;
        _entries.Remove(id);
        Drop(entry);
        extension.TimersGone(1);
    }

    /// <summary>Runs timer <paramref name="id"/> on the owner's turn; an interval is re-armed first so the callback may clear it.</summary>
    public void Run(int id)
    {
        Interlocked.Decrement(ref _inFlight);
        extension.Work.End();
        if (!_entries.TryGetValue(id, out var entry)) return;
        if (entry.Interval is { } interval)
        {
            entry.Nesting++;
            var next = entry.Nesting > NestingClampLevel && interval < NestedMinimum ? NestedMinimum : interval;
            // Counted before it is re-armed: the virtual clock fires a timer due now inside Change.
            if (next == TimeSpan.Zero) entry.Tick.CountEarly(extension);
            entry.Handle!.Change(next, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _entries.Remove(id);
            entry.Handle!.Dispose();
            extension.TimersGone(1);
        }
        var realm = entry.Realm;
        if (realm.IsDead) return;
        var outer = _currentNesting;
        _currentNesting = entry.Nesting;
        try
        {
            realm.CallReporting(entry.Callback, realm.Global, entry.Arguments);
        }
        finally
        {
            _currentNesting = outer;
        }
    }

    /// <summary>
    /// Clears every timer of the page, which goes while the context stays (a navigation): ticks already on their way find
    /// nothing to run and end their work as usual.
    /// </summary>
    public void ClearAll()
    {
        foreach (var entry in _entries.Values) Drop(entry);
        extension.TimersGone(_entries.Count);
        _entries.Clear();
    }

    /// <summary>The context is going: no timer of it fires again, and fired ones still on their way no longer count as work.</summary>
    public void CancelAll()
    {
        foreach (var entry in _entries.Values) Drop(entry);
        extension.TimersGone(_entries.Count);
        _entries.Clear();
        var inFlight = Interlocked.Exchange(ref _inFlight, int.MinValue / 2);
        for (var i = 0; i < inFlight; i++) extension.Work.End();
    }

    private static TimeSpan Delay(double milliseconds, int nesting)
    {
        // HTML timer initialisation: NaN, negative and out-of-range delays count as 0.
        if (double.IsNaN(milliseconds) || milliseconds < 0 || milliseconds > int.MaxValue) milliseconds = 0;
        var delay = TimeSpan.FromMilliseconds(Math.Floor(milliseconds));
        return nesting > NestingClampLevel && delay < NestedMinimum ? NestedMinimum : delay;
    }

    /// <summary>The timer will not fire: its clock timer stopped, and a count made when it was set ended.</summary>
    private void Drop(Entry entry)
    {
        entry.Handle?.Dispose();
        entry.Tick.Forget(extension);
    }

    /// <summary>Called on the clock's thread: count the work (unless it was counted when the timer started), then hand it to the owner.</summary>
    private void Deliver(Tick tick)
    {
        if (!tick.TakeEarlyCount()) extension.Work.Begin();
        if (Interlocked.Increment(ref _inFlight) > 0) due(tick.Id);
        else extension.Work.End();
    }

    /// <summary>What the clock hands back when a timer is due; one armed due at once was counted as work when it was armed.</summary>
    private sealed class Tick(ContextTimers timers, int id)
    {
        private int _countedEarly;

        public int Id { get; } = id;

        public void Deliver() => timers.Deliver(this);

        /// <summary>Counts the timer as work now, for the delivery about to come (called on the owner's turn, before arming).</summary>
        public void CountEarly(ExtensionKernel extension)
        {
            extension.Work.Begin();
            Volatile.Write(ref _countedEarly, 1);
        }

        /// <summary>The count made when it was armed, taken over by its delivery (one of a later arming counts its own).</summary>
        public bool TakeEarlyCount() => Interlocked.Exchange(ref _countedEarly, 0) == 1;

        /// <summary>Cleared before its first delivery: the count made at start ends here.</summary>
        public void Forget(ExtensionKernel extension)
        {
            if (TakeEarlyCount()) extension.Work.End();
        }
    }

    private sealed class Entry(ContextRealm realm, JsValue callback, JsValue[] arguments, TimeSpan? interval, int nesting, Tick tick)
    {
        public Tick Tick { get; } = tick;
        public ContextRealm Realm { get; } = realm;
        public JsValue Callback { get; } = callback;
        public JsValue[] Arguments { get; } = arguments;
        public TimeSpan? Interval { get; } = interval;
        public int Nesting { get; set; } = nesting;
        public ITimer? Handle { get; set; }
    }
}
