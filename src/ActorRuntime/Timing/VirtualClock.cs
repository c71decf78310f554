namespace ActorRuntime.Timing;

/// <summary>
/// A <see cref="TimeProvider"/> whose time moves only when told to: <c>run</c> and the tests use it so
/// that a 30 s idle suspension takes microseconds and every run is reproducible. Unlike a fake that jumps
/// straight to the target, <see cref="AdvanceAsync"/> stops at every due timer, sets the time to that
/// timer's due time, fires it and lets the runtime settle before looking for the next one: a timer that
/// schedules another within the same span sees it fire at the right virtual moment.
/// </summary>
public sealed class VirtualClock : TimeProvider
{
    private readonly object _gate = new();
    private readonly SortedSet<VirtualTimer> _due = new(DueOrder.Instance);
    private DateTimeOffset _now;
    private long _sequence;

    /// <summary>Starts at <paramref name="start"/>, or at the real time of creation so that dates look familiar.</summary>
    public VirtualClock(DateTimeOffset? start = null) => _now = start ?? DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>When the earliest pending timer is due, if any.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            lock (_gate) return _due.Count > 0 ? _due.Min!.Due : null;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>
    /// Moves time forward by <paramref name="by"/>, firing every timer due on the way in due order, and
    /// awaiting <paramref name="settle"/> after each (and before the first) so that what a timer caused has
    /// happened before time moves on.
    /// </summary>
    public async Task AdvanceAsync(TimeSpan by, Func<Task> settle)
    {
        if (by < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(by), by, "time cannot go backwards");
        DateTimeOffset target;
        lock (_gate) target = _now + by;
        await settle();
        while (FireNext(target)) await settle();
        lock (_gate)
            if (_now < target) _now = target;
    }

    /// <summary>Jumps to the earliest pending timer and fires it (and any due at the same moment); false when none is pending.</summary>
    public async Task<bool> JumpToNextAsync(Func<Task> settle)
    {
        if (NextDue is not { } due) return false;
        await AdvanceAsync(due - GetUtcNow(), settle);
        return true;
    }

    private bool FireNext(DateTimeOffset limit)
    {
        VirtualTimer timer;
        lock (_gate)
        {
            if (_due.Count == 0 || _due.Min!.Due > limit) return false;
            timer = _due.Min;
            _due.Remove(timer);
            if (timer.Due > _now) _now = timer.Due;
            if (timer.Period > TimeSpan.Zero) Enqueue(timer, _now + timer.Period);
        }
        timer.Fire();
        return true;
    }

    private void Enqueue(VirtualTimer timer, DateTimeOffset due)
    {
        timer.Due = due;
        timer.Sequence = ++_sequence;
        _due.Add(timer);
    }

    /// <summary>(Re)arms a timer; a timer due now fires at once, as a zero-delay timer would on real time.</summary>
    private bool Arm(VirtualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        bool fireNow;
        lock (_gate)
        {
            _due.Remove(timer);
            if (timer.IsDisposed) return false;
            timer.Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
            if (dueTime == Timeout.InfiniteTimeSpan) return true;
            if (dueTime < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "expected a non-negative delay or Timeout.InfiniteTimeSpan");
            fireNow = dueTime == TimeSpan.Zero;
            if (!fireNow) Enqueue(timer, _now + dueTime);
            else if (timer.Period > TimeSpan.Zero) Enqueue(timer, _now + timer.Period);
        }
        if (fireNow) timer.Fire();
        return true;
    }

    private void Disarm(VirtualTimer timer)
    {
        lock (_gate)
        {
            timer.IsDisposed = true;
            _due.Remove(timer);
        }
    }

    private sealed class VirtualTimer(VirtualClock clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset Due { get; set; }
        public TimeSpan Period { get; set; }
        public long Sequence { get; set; }
        public bool IsDisposed { get; set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period) => clock.Arm(this, dueTime, period);

        public void Dispose() => clock.Disarm(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class DueOrder : IComparer<VirtualTimer>
    {
        public static readonly DueOrder Instance = new();

        public int Compare(VirtualTimer? x, VirtualTimer? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            var byDue = x!.Due.CompareTo(y!.Due);
            return byDue != 0 ? byDue : x.Sequence.CompareTo(y.Sequence);
        }
    }
}
