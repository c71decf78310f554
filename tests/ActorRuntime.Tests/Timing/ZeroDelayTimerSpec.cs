using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Timing;

/// <summary>
/// On real time a zero-delay timer fires a moment after <c>setTimeout</c> returns, on the clock's thread. It is about to
/// run all that moment, so the extension is not settled: a step's answer (the front door, <c>remote</c>) waits for what the
/// timer prints. The clock here holds every timer until the test lets it go, making that moment as long as the test likes.
/// </summary>
public sealed class ZeroDelayTimerSpec : RuntimeSpec
{
    private readonly HeldClock _held = new();

    private Task<LoadedExtension> LoadOnHeldClock(string background) =>
        Load(Manifests.Standard(Manifests.PersistentScripts, background), Options(Flavor.Mdn) with { Clock = _held });

    [Fact]
    public async Task A_timer_due_now_keeps_the_extension_busy_until_it_has_run()
    {
        var e = await LoadOnHeldClock("var later = 0;");
        Assert.True(await e.TrySettleAsync(TimeSpan.FromSeconds(10)));

        await e.EvaluateAsync("background", "setTimeout(() => { later = 1; }, 0); 'set'");
        Assert.False(await e.TrySettleAsync(TimeSpan.FromMilliseconds(200)));

        _held.Release();
        Assert.True(await e.TrySettleAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("1", await e.EvaluateAsync("background", "later"));
    }

    [Fact]
    public async Task A_timer_due_now_cleared_before_it_fires_leaves_the_extension_settled()
    {
        var e = await LoadOnHeldClock("var later = 0;");
        await e.EvaluateAsync("background", "clearTimeout(setTimeout(() => { later = 1; }, 0)); 'cleared'");
        Assert.True(await e.TrySettleAsync(TimeSpan.FromSeconds(10)));

        // Its tick still comes (the clock had it already): it finds nothing to run and the extension stays settled.
        _held.Release();
        Assert.True(await e.TrySettleAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("0", await e.EvaluateAsync("background", "later"));
    }

    [Fact]
    public async Task A_later_timer_is_no_work_until_it_is_due()
    {
        var e = await LoadOnHeldClock("var later = 0;");
        await e.EvaluateAsync("background", "setTimeout(() => { later = 1; }, 50); 'set'");
        Assert.True(await e.TrySettleAsync(TimeSpan.FromSeconds(10)));
        _held.Release();
        Assert.True(await e.TrySettleAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("1", await e.EvaluateAsync("background", "later"));
    }

    [Fact]
    public async Task Each_repeat_of_a_zero_delay_interval_keeps_the_extension_busy_until_it_has_run()
    {
        var e = await LoadOnHeldClock("var runs = 0;");
        await e.EvaluateAsync("background", "var id = setInterval(() => { if (++runs === 3) clearInterval(id); }, 0); 'set'");
        for (var run = 1; run <= 3; run++)
        {
            Assert.False(await e.TrySettleAsync(TimeSpan.FromMilliseconds(200)));
            // The tick reaches the context's mailbox before the evaluation does: the callback has run when it answers. The
            // next repeat was armed (and counted) before the callback ran, until the callback cleared the interval.
            _held.Release();
            Assert.Equal(run.ToString(System.Globalization.CultureInfo.InvariantCulture), await e.EvaluateAsync("background", "runs"));
        }
        Assert.True(await e.TrySettleAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_context_closed_with_a_timer_due_now_leaves_the_extension_settled()
    {
        var e = await LoadOnHeldClock("var later = 0;");
        await e.OpenAsync("popup");
        await e.EvaluateAsync("popup", "setTimeout(() => console.log('never'), 0); 'set'");
        Assert.False(await e.TrySettleAsync(TimeSpan.FromMilliseconds(200)));

        await e.CloseAsync("popup");
        Assert.True(await e.TrySettleAsync(TimeSpan.FromSeconds(10)));
        // The clock still hands the tick over: it finds the context gone and ends at once.
        _held.Release();
        Assert.True(await e.TrySettleAsync(TimeSpan.FromSeconds(10)));
        Assert.DoesNotContain(ConsoleLines, line => line.Text == "never");
    }

    /// <summary>Real time's dates; every timer waits, whatever its delay, until <see cref="Release"/> fires it (on the caller's thread: once it returns, the ticks are handed over).</summary>
    private sealed class HeldClock : TimeProvider
    {
        private readonly List<HeldTimer> _timers = new();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new HeldTimer(this, callback, state);
            timer.Change(dueTime, period);
            return timer;
        }

        private void Arm(HeldTimer timer)
        {
            lock (_timers) _timers.Add(timer);
        }

        public void Release()
        {
            HeldTimer[] due;
            lock (_timers)
            {
                due = _timers.ToArray();
                _timers.Clear();
            }
            foreach (var timer in due) timer.Fire();
        }

        /// <summary>Armed again by <see cref="Change"/> (an interval's next run); a disposed one still fires if it was armed, as real time can.</summary>
        private sealed class HeldTimer(HeldClock clock, TimerCallback callback, object? state) : ITimer
        {
            public void Fire() => callback(state);

            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                if (dueTime != Timeout.InfiniteTimeSpan) clock.Arm(this);
                return true;
            }

            public void Dispose() { }
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
