using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Timing;

/// <summary>Window timers in every context, driven by the spec's virtual clock.</summary>
public class TimersSpec : RuntimeSpec
{
    private static IReadOnlyDictionary<string, string> Extension(string background) =>
        Manifests.Standard(Manifests.PersistentScripts, background);

    [Fact]
    public async Task Timeouts_fire_in_due_order_only_when_the_clock_moves_with_their_arguments()
    {
        var e = await Load(Extension("""
            var log = [];
            setTimeout((a, b) => log.push('200:' + a + b), 200, 'x', 'y');
            setTimeout(() => log.push('100'), 100);
            setTimeout(() => log.push('100 again'), 100);
            var cleared = setTimeout(() => log.push('never'), 50);
            clearTimeout(cleared);
            """));
        Assert.Equal("[]", await e.EvaluateAsync("background", "log"));
        await e.AdvanceAsync(TimeSpan.FromMilliseconds(150));
        Assert.Equal("""["100","100 again"]""", await e.EvaluateAsync("background", "log"));
        await e.AdvanceAsync(TimeSpan.FromMilliseconds(50));
        Assert.Equal("""["100","100 again","200:xy"]""", await e.EvaluateAsync("background", "log"));
    }

    [Fact]
    public async Task An_interval_repeats_until_cleared_even_from_its_own_callback()
    {
        var e = await Load(Extension("""
            var ticks = [];
            var id = setInterval(() => { ticks.push(Date.now() - start); if (ticks.length === 3) clearInterval(id); }, 1000);
            var start = Date.now();
            """));
        await e.AdvanceAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("[1000,2000,3000]", await e.EvaluateAsync("background", "ticks"));
    }

    [Fact]
    public async Task Date_reads_the_virtual_clock()
    {
        var e = await Load(Extension(""));
        Assert.Equal("\"2026-01-01T00:00:00.000Z\"", await e.EvaluateAsync("background", "new Date().toISOString()"));
        await e.AdvanceAsync(TimeSpan.FromMinutes(90));
        Assert.Equal("\"2026-01-01T01:30:00.000Z\"", await e.EvaluateAsync("background", "new Date(Date.now()).toISOString()"));
    }

    [Fact]
    public async Task Zero_delay_timers_run_after_the_current_task_and_its_microtasks_without_moving_the_clock()
    {
        var e = await Load(Extension("""
            var order = [];
            setTimeout(() => order.push('timeout'), 0);
            queueMicrotask(() => order.push('microtask'));
            Promise.resolve().then(() => order.push('promise'));
            order.push('sync');
            """));
        Assert.Equal("""["sync","microtask","promise","timeout"]""", await e.EvaluateAsync("background", "order"));
    }

    [Fact]
    public async Task Nested_zero_delay_timers_are_clamped_to_4_ms_from_the_sixth_level()
    {
        var e = await Load(Extension("""
            var at = [];
            var start = Date.now();
            function again() { at.push(Date.now() - start); if (at.length < 8) setTimeout(again, 0); }
            setTimeout(again, 0);
            """));
        await e.AdvanceAsync(TimeSpan.FromMilliseconds(100));
        Assert.Equal("[0,0,0,0,0,4,8,12]", await e.EvaluateAsync("background", "at"));
    }

    [Fact]
    public async Task A_throwing_callback_is_reported_and_later_timers_still_run()
    {
        var e = await Load(Extension("""
            var after = false;
            setTimeout(() => { throw new RangeError('tick failed'); }, 10);
            setTimeout(() => { after = true; }, 20);
            queueMicrotask(() => { throw new TypeError('micro failed'); });
            """));
        await e.AdvanceAsync(TimeSpan.FromMilliseconds(30));
        Assert.Equal("true", await e.EvaluateAsync("background", "after"));
        var lines = Lines("background");
        Assert.Contains(lines, l => l.StartsWith("Uncaught RangeError: tick failed", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Uncaught TypeError: micro failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task String_handlers_are_refused_and_bad_microtasks_throw()
    {
        var e = await Load(Extension(""));
        Assert.Equal("0", await e.EvaluateAsync("background", "setTimeout('globalThis.hacked = 1', 0)"));
        await e.AdvanceAsync(TimeSpan.FromMilliseconds(10));
        Assert.Equal("\"undefined\"", await e.EvaluateAsync("background", "typeof hacked"));
        Assert.Contains(Lines("background"), l => l.Contains("'unsafe-eval'", StringComparison.Ordinal));
        var error = await Assert.ThrowsAsync<ActorRuntime.ScriptFailureException>(() => e.EvaluateAsync("background", "queueMicrotask(42)"));
        Assert.StartsWith("Uncaught TypeError: queueMicrotask: Argument 1 is not callable.", error.Message);
    }

    [Fact]
    public async Task A_closed_popup_timers_never_fire_and_do_not_keep_the_extension_busy()
    {
        var e = await Load(Extension("var hits = 0;"));
        await e.OpenAsync("popup");
        await e.EvaluateAsync("popup", "chrome.extension.getBackgroundPage().hits; setInterval(() => console.log('tick'), 10); setTimeout(() => console.log('late'), 50)");
        await e.AdvanceAsync(TimeSpan.FromMilliseconds(25));
        Assert.Equal(["tick", "tick"], Lines("popup"));
        await e.CloseAsync("popup");
        await e.AdvanceAsync(TimeSpan.FromMilliseconds(100));
        await e.SettleAsync();
        Assert.Equal(["tick", "tick"], Lines("popup"));
        Assert.Null(Clock.NextDue);
    }

    [Fact]
    public async Task A_pending_eval_jumps_the_clock_to_the_timer_it_waits_for()
    {
        var e = await Load(Extension(""));
        var before = Clock.GetUtcNow();
        Assert.Equal("\"slept\"", await e.EvaluateAsync("background", "await new Promise(r => setTimeout(() => r('slept'), 60000))"));
        Assert.Equal(TimeSpan.FromMinutes(1), Clock.GetUtcNow() - before);
    }

    [Fact]
    public async Task A_pending_eval_with_nothing_scheduled_fails_instead_of_hanging()
    {
        var e = await Load(Extension(""));
        var error = await Assert.ThrowsAsync<EvaluationStalledException>(() => e.EvaluateAsync("background", "await new Promise(() => {})"));
        Assert.Equal("[background] the result never settles: no timer is pending and nothing else can run", error.Message);
    }
}
