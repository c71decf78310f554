using System.Text.Json;

namespace ActorRuntime.Kernel;

/// <summary>One alarm as scripts see it (<c>alarms.Alarm</c>): times in milliseconds since the epoch, periods in minutes.</summary>
internal sealed record Alarm(string Name, double ScheduledTime, double? PeriodInMinutes);

/// <summary>
/// The alarms of one extension and the one timer, on the extension's clock, that fires them: they belong to the extension,
/// not to a page, so they outlive a suspended background, whose supervisor wakes it when one fires (as a host's fire of
/// <c>alarms.onAlarm</c>). When each fires follows the flavour's browser: Chromium (flavour <c>chrome</c>) never fires
/// sooner than the minimum after creation or after the last firing, and keeps a period in line with the first scheduled
/// time; Firefox fires when asked (its timers count whole milliseconds) and counts a period from the last firing.
/// </summary>
/// <remarks>
/// Made on the first <c>alarms.create</c>. Changed on the extension's turns, read by the clock's thread when the timer is
/// due, paused by the supervisor: every member takes <c>_gate</c>.
/// </remarks>
internal sealed partial class ExtensionAlarms(ExtensionKernel extension)
{
    public const string OnAlarm = "alarms.onAlarm";

    // Real timers cannot wait beyond about 49 days: a later alarm's timer is armed for a day and armed again then.
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    private sealed class Entry(Alarm alarm, double due)
    {
        public Alarm Alarm { get; set; } = alarm;

        /// <summary>When it fires next (ms since the epoch), which the minimum may put after its scheduled time.</summary>
        public double Due { get; set; } = due;
    }

    private readonly object _gate = new();
    private readonly List<Entry> _entries = new(); // in creation order, as both browsers list them
    private ITimer? _timer;
    private bool _paused;

    private bool Chromium => extension.Flavor == Flavor.Chrome;
    private double MinimumMs => extension.Options.Alarms.MinimumDelay(extension.Flavor).TotalMilliseconds;

    /// <summary>The clock's time in milliseconds since the epoch, fractions kept (as Chromium schedules).</summary>
    public double Now => (extension.Clock.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / (double)TimeSpan.TicksPerMillisecond;

    public int Count
    {
        get
        {
            lock (_gate) return _entries.Count;
        }
    }

    /// <summary>
    /// Creates (or replaces, by name) an alarm from <c>alarms.create</c>'s checked arguments, as the flavour's browser
    /// schedules it; what it answers is the alarm as scripts will see it.
    /// </summary>
    public Alarm Create(string name, double? when, double? delayInMinutes, double? periodInMinutes)
    {
        var now = Now;
        double scheduled;
        if (Chromium)
            scheduled = when ?? now + (delayInMinutes ?? periodInMinutes ?? 0) * 60_000;
        else if (when is { } at && at != 0)
            scheduled = at;
        else
        {
            // Firefox: a delay of 0 counts as none, so the period is the first delay; neither fires at once.
            var delay = delayInMinutes is { } d && d != 0 ? d : periodInMinutes ?? 0;
            scheduled = DateNow(now) + delay * 60_000;
        }
        var alarm = new Alarm(name, scheduled, periodInMinutes);
        lock (_gate)
        {
            _entries.RemoveAll(e => e.Alarm.Name == name);
            _entries.Add(new Entry(alarm, Math.Max(Finite(scheduled), now + MinimumMs)));
            Arm();
        }
        MarkChanged();
        return alarm;
    }

    public Alarm? Get(string name)
    {
        lock (_gate) return _entries.Find(e => e.Alarm.Name == name)?.Alarm;
    }

    public IReadOnlyList<Alarm> All()
    {
        lock (_gate) return _entries.Select(e => e.Alarm).ToList();
    }

    public bool Clear(string name)
    {
        bool removed;
        lock (_gate)
        {
            removed = _entries.RemoveAll(e => e.Alarm.Name == name) > 0;
            if (removed) Arm();
        }
        if (removed) MarkChanged();
        return removed;
    }

    /// <summary>Clears every alarm; whether there was any.</summary>
    public bool ClearAll()
    {
        bool any;
        lock (_gate)
        {
            any = _entries.Count > 0;
            _entries.Clear();
            Arm();
        }
        if (any) MarkChanged();
        return any;
    }

    /// <summary>The supervisor stops (or the extension was halted): the timer goes, so nothing keeps the extension reachable.</summary>
    public void Pause()
    {
        lock (_gate)
        {
            _paused = true;
            Disarm();
        }
    }

    /// <summary>A supervisor (re)started over the same extension: its alarms go on.</summary>
    public void Resume()
    {
        lock (_gate)
        {
            _paused = false;
            Arm();
        }
    }

    /// <summary>The alarm as <c>onAlarm</c>'s argument list, JSON (a time JSON cannot hold is null).</summary>
    public static string ArgumentsJson(Alarm alarm)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStartObject();
            writer.WriteString("name", alarm.Name);
            if (double.IsFinite(alarm.ScheduledTime)) writer.WriteNumber("scheduledTime", alarm.ScheduledTime);
            else writer.WriteNull("scheduledTime");
            if (alarm.PeriodInMinutes is { } period) writer.WriteNumber("periodInMinutes", period);
            writer.WriteEndObject();
            writer.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The timer is due: every alarm due by now fires (each its own event), periodic ones are scheduled again.</summary>
    private void OnDue()
    {
        List<Alarm> fired;
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            if (_paused) return;
            var now = Now;
            // Chromium polls its list from the end; Firefox's alarms each have a timer of their own.
            var due = _entries.Where(e => e.Due <= now).ToList();
            if (Chromium) due.Reverse();
            else due = due.OrderBy(e => e.Due).ToList();
            fired = due.Select(e => e.Alarm).ToList();
            foreach (var entry in due) ScheduleAgain(entry, now);
            Arm();
        }
        foreach (var alarm in fired)
            extension.Work.Send(extension.Supervisor, new SupervisorSignals.FireFromHost(OnAlarm, ArgumentsJson(alarm)));
        if (fired.Count == 0) return;
        // A firing removed or rescheduled alarms, outside any turn: saved now (Chromium writes its alarms after each).
        MarkChanged();
        extension.KeptState.SaveChanges();
    }

    /// <summary>After a firing at <paramref name="now"/>: a periodic alarm's next time, or gone.</summary>
    private void ScheduleAgain(Entry entry, double now)
    {
        var alarm = entry.Alarm;
        // Firefox: a period of 0 is none.
        if (alarm.PeriodInMinutes is not { } period || (!Chromium && period == 0))
        {
            _entries.Remove(entry);
            return;
        }
        var periodMs = period * 60_000;
        double scheduled;
        if (!Chromium) scheduled = DateNow(now) + periodMs;
        else if (periodMs > 0)
        {
            // In line with the first scheduled time, skipping the periods missed (Chromium's alarm manager).
            var missed = Math.Floor((now - alarm.ScheduledTime) / periodMs);
            scheduled = alarm.ScheduledTime + periodMs * (Math.Max(missed, 0) + 1);
        }
        else scheduled = now;
        entry.Alarm = alarm with { ScheduledTime = scheduled };
        entry.Due = Math.Max(Finite(scheduled), now + MinimumMs);
    }

    /// <summary>Firefox reads the time with <c>Date.now()</c>: whole milliseconds.</summary>
    private static double DateNow(double now) => Math.Floor(now);

    private static double Finite(double time) => double.IsNaN(time) ? double.NegativeInfinity : time;

    /// <summary>The timer is armed for the earliest alarm (at most a day ahead), or for none.</summary>
    private void Arm()
    {
        Disarm();
        if (_paused || _entries.Count == 0) return;
        var wait = _entries.Min(e => e.Due) - Now;
        var delay = !(wait < LongestWait.TotalMilliseconds) ? LongestWait
            : wait <= 0 ? TimeSpan.Zero
            // Rounded up to the clock's tick: the timer never fires before the alarm is due.
            : TimeSpan.FromTicks((long)Math.Ceiling(wait * TimeSpan.TicksPerMillisecond));
        if (delay == TimeSpan.Zero)
        {
            // Due at once (a kept alarm whose time passed): fired from the pool, never inside this lock, where its saving
            // would take the kept state's lock in the opposite order to a turn's save. Counted, so a settle waits for it.
            extension.Work.Begin();
            ThreadPool.UnsafeQueueUserWorkItem(_ =>
            {
                try
                {
                    OnDue();
                }
                finally
                {
                    extension.Work.End();
                }
            }, null);
            return;
        }
        // A virtual clock may still fire a timer inside CreateTimer when it is moving: its firing arms the next one, and this
        // one is then spent and must not replace it.
        var arming = ++_armings;
        var timer = extension.Clock.CreateTimer(_ => OnDue(), null, delay, Timeout.InfiniteTimeSpan);
        if (arming == _armings) _timer = timer;
        else timer.Dispose();
    }

    private long _armings;

    private void Disarm()
    {
        _timer?.Dispose();
        _timer = null;
    }
}
