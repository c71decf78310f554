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

    /// <summary>Real time's dates; every timer waits, whatever its delay, until <see cref="Release"/> fires it (on the caller's thread: once it returns, the ticks are handed over).</summary>
    private sealed class HeldClock : TimeProvider
    {
        private readonly List<HeldTimer> _timers = new();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new HeldTimer(callback, state);
            lock (_timers) _timers.Add(timer);
            return timer;
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

        private sealed class HeldTimer(TimerCallback callback, object? state) : ITimer
        {
            public void Fire() => callback(state);
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;
            public void Dispose() { }
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
