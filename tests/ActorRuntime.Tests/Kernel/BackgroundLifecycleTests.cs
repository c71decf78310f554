using ActorRuntime.Kernel;
using ActorRuntime.Lifecycle;
using static ActorRuntime.Kernel.LifecycleEffect;

namespace ActorRuntime.Tests.Kernel;

/// <summary>
/// The background lifecycle as a pure state machine, without an actor system: every transition, and every row of the
/// event-page table (spec section 5) for both policies, Firefox's idle delay and Chromium's keep-alive count.
/// </summary>
public class BackgroundLifecycleTests
{
    private static readonly LifecyclePolicy Firefox = LifecyclePolicy.For(Flavor.Firefox, isEventPage: true, EventPageOptions.Default);
    private static readonly LifecyclePolicy Chrome = LifecyclePolicy.For(Flavor.Chrome, isEventPage: true, EventPageOptions.Default);
    private static readonly TimeSpan LongQuiet = TimeSpan.FromHours(1);

    private static BackgroundLifecycle Running(LifecyclePolicy policy, int keepAlive = 0)
    {
        var lifecycle = new BackgroundLifecycle(policy);
        lifecycle.Starting();
        lifecycle.Loaded(keepAlive);
        return lifecycle;
    }

    private static BackgroundLifecycle Suspending(LifecyclePolicy policy)
    {
        var lifecycle = Running(policy);
        lifecycle.IdleDue(lifecycle.Generation, 0, () => LongQuiet);
        Assert.Equal(BackgroundPhase.Suspending, lifecycle.Phase);
        return lifecycle;
    }

    [Fact]
    public void Stopped_then_starting_then_running_with_the_idle_wait_of_its_flavour()
    {
        var lifecycle = new BackgroundLifecycle(Firefox);
        Assert.Equal(BackgroundPhase.Stopped, lifecycle.Phase);
        lifecycle.Starting();
        Assert.Equal(BackgroundPhase.Starting, lifecycle.Phase);
        var effects = lifecycle.Loaded(keepAlive: 0);
        Assert.Equal(BackgroundPhase.Running, lifecycle.Phase);
        Assert.Equal([new ArmTimer(LifecycleTimer.Idle, TimeSpan.FromSeconds(30), lifecycle.Generation)], effects);
        Assert.Equal([new ArmTimer(LifecycleTimer.Idle, TimeSpan.FromSeconds(10), 1)], new BackgroundLifecycle(Chrome).Loaded(keepAlive: 0));
    }

    [Fact]
    public void A_persistent_background_runs_and_nothing_suspends_it()
    {
        var lifecycle = Running(LifecyclePolicy.For(Flavor.Chrome, isEventPage: false, EventPageOptions.Default));
        Assert.Equal(BackgroundPhase.Running, lifecycle.Phase);
        Assert.False(lifecycle.TimerArmed);
        Assert.Empty(lifecycle.Activity(0));
        Assert.Empty(lifecycle.KeepAliveChanged(0));
        Assert.Empty(lifecycle.IdleDue(lifecycle.Generation, 0, () => LongQuiet));
        Assert.Equal(BackgroundPhase.Running, lifecycle.Phase);
    }

    [Theory]
    [InlineData(Flavor.Firefox, 5)]
    [InlineData(Flavor.Chrome, 5)]
    public void Idle_for_the_delay_it_fires_onSuspend_and_arms_the_cap(Flavor flavor, int capSeconds)
    {
        var lifecycle = Running(flavor == Flavor.Chrome ? Chrome : Firefox);
        var effects = lifecycle.IdleDue(lifecycle.Generation, 0, () => LongQuiet);
        Assert.Equal(BackgroundPhase.Suspending, lifecycle.Phase);
        Assert.Equal([new DispatchOnSuspend(lifecycle.SuspendToken!.Value), new ArmTimer(LifecycleTimer.Suspend, TimeSpan.FromSeconds(capSeconds), lifecycle.Generation)], effects);
    }

    [Fact]
    public void Firefox_activity_since_the_wait_began_waits_out_the_rest_instead()
    {
        var lifecycle = Running(Firefox);
        var effects = lifecycle.IdleDue(lifecycle.Generation, 0, () => TimeSpan.FromSeconds(12));
        Assert.Equal(BackgroundPhase.Running, lifecycle.Phase);
        Assert.Null(lifecycle.SuspendToken);
        Assert.Equal([new ArmTimer(LifecycleTimer.Idle, TimeSpan.FromSeconds(18), lifecycle.Generation)], effects);
    }

    [Fact]
    public void A_timer_report_a_later_change_made_stale_is_ignored()
    {
        var lifecycle = Running(Chrome);
        var stale = lifecycle.Generation;
        lifecycle.Activity(0);
        Assert.Empty(lifecycle.IdleDue(stale, 0, () => LongQuiet));
        Assert.Equal(BackgroundPhase.Running, lifecycle.Phase);
        var suspending = Suspending(Chrome);
        var suspendTimer = suspending.Generation;
        suspending.KeepAliveChanged(1);
        Assert.Empty(suspending.SuspendDue(suspendTimer));
    }

    [Fact]
    public void Firefox_stops_when_every_onSuspend_listener_is_done_or_at_the_cap()
    {
        var done = Suspending(Firefox);
        Assert.Empty(done.SuspendListenersDone(done.SuspendToken!.Value + 1));
        Assert.Equal([Stop.Instance], done.SuspendListenersDone(done.SuspendToken!.Value));
        Assert.Equal(BackgroundPhase.Stopped, done.Phase);
        // A listener that never settles (or rejects) does not block the stop: the cap does it.
        var capped = Suspending(Firefox);
        Assert.Equal([Stop.Instance], capped.SuspendDue(capped.Generation));
        Assert.Equal(BackgroundPhase.Stopped, capped.Phase);
        Assert.False(capped.TimerArmed);
    }

    [Fact]
    public void Chrome_waits_out_its_suspending_time_whatever_the_listeners_do()
    {
        var lifecycle = Suspending(Chrome);
        Assert.Empty(lifecycle.SuspendListenersDone(lifecycle.SuspendToken!.Value));
        Assert.Equal(BackgroundPhase.Suspending, lifecycle.Phase);
        Assert.Equal([Stop.Instance], lifecycle.SuspendDue(lifecycle.Generation));
        Assert.Equal(BackgroundPhase.Stopped, lifecycle.Phase);
    }

    [Theory]
    [InlineData(Flavor.Firefox, 30)]
    [InlineData(Flavor.Chrome, 10)]
    public void Activity_while_suspending_cancels_with_onSuspendCanceled_and_a_new_wait(Flavor flavor, int idleSeconds)
    {
        var lifecycle = Suspending(flavor == Flavor.Chrome ? Chrome : Firefox);
        var effects = lifecycle.Activity(0);
        Assert.Equal(BackgroundPhase.Running, lifecycle.Phase);
        Assert.Null(lifecycle.SuspendToken);
        Assert.Equal([DispatchOnSuspendCanceled.Instance, new ArmTimer(LifecycleTimer.Idle, TimeSpan.FromSeconds(idleSeconds), lifecycle.Generation)], effects);
    }

    [Fact]
    public void Firefox_open_views_neither_keep_it_alive_nor_cancel()
    {
        var lifecycle = Running(Firefox, keepAlive: 3);
        Assert.True(lifecycle.TimerArmed);
        Assert.Empty(lifecycle.KeepAliveChanged(3));
        lifecycle.IdleDue(lifecycle.Generation, keepAlive: 3, () => LongQuiet);
        Assert.Equal(BackgroundPhase.Suspending, lifecycle.Phase);
        Assert.Empty(lifecycle.KeepAliveChanged(4));
        Assert.Equal(BackgroundPhase.Suspending, lifecycle.Phase);
    }

    [Fact]
    public void Firefox_activity_while_running_is_read_when_the_wait_ends_not_rearmed()
    {
        var lifecycle = Running(Firefox);
        var generation = lifecycle.Generation;
        Assert.Empty(lifecycle.Activity(0));
        Assert.Equal(generation, lifecycle.Generation);
    }

    [Fact]
    public void Chrome_a_keep_alive_count_above_zero_holds_it_and_zero_starts_the_wait()
    {
        var lifecycle = Running(Chrome, keepAlive: 1);
        Assert.False(lifecycle.TimerArmed);
        Assert.Empty(lifecycle.IdleDue(lifecycle.Generation, keepAlive: 1, () => LongQuiet));
        var atZero = lifecycle.KeepAliveChanged(0);
        Assert.Equal([new ArmTimer(LifecycleTimer.Idle, TimeSpan.FromSeconds(10), lifecycle.Generation)], atZero);
        // The count rising again while the wait runs cancels it.
        Assert.Equal([CancelTimer.Instance], lifecycle.KeepAliveChanged(1));
        Assert.False(lifecycle.TimerArmed);
        // At zero with a wait already running, nothing restarts it.
        lifecycle.KeepAliveChanged(0);
        var generation = lifecycle.Generation;
        Assert.Empty(lifecycle.KeepAliveChanged(0));
        Assert.Equal(generation, lifecycle.Generation);
    }

    [Fact]
    public void Chrome_held_when_the_wait_ends_then_released_starts_a_new_wait()
    {
        // The count rose and fell back while the idle report was on its way: the report finds it held, and the
        // notice of the fall, handled after, must start a new wait (else the page runs for ever).
        var lifecycle = Running(Chrome);
        Assert.Empty(lifecycle.IdleDue(lifecycle.Generation, keepAlive: 1, () => LongQuiet));
        Assert.False(lifecycle.TimerArmed);
        var released = lifecycle.KeepAliveChanged(0);
        Assert.Equal([new ArmTimer(LifecycleTimer.Idle, TimeSpan.FromSeconds(10), lifecycle.Generation)], released);
    }

    [Theory]
    [InlineData(Flavor.Firefox)]
    [InlineData(Flavor.Chrome)]
    public void A_stop_that_comes_after_the_page_cancelled_does_nothing(Flavor flavor)
    {
        var lifecycle = Suspending(flavor == Flavor.Chrome ? Chrome : Firefox);
        var token = lifecycle.SuspendToken!.Value;
        var cap = lifecycle.Generation;
        Assert.True(lifecycle.TryCancelSuspension());
        Assert.Empty(lifecycle.SuspendListenersDone(token));
        Assert.Empty(lifecycle.SuspendDue(cap));
        Assert.Equal(BackgroundPhase.Running, lifecycle.Phase);
    }

    [Fact]
    public void Idle_reports_outside_running_change_nothing()
    {
        var starting = new BackgroundLifecycle(Firefox);
        starting.Starting();
        Assert.Empty(starting.IdleDue(starting.Generation, 0, () => LongQuiet));
        Assert.Equal(BackgroundPhase.Starting, starting.Phase);
        var suspending = Suspending(Firefox);
        var token = suspending.SuspendToken;
        Assert.Empty(suspending.IdleDue(suspending.Generation, 0, () => LongQuiet));
        Assert.Equal(token, suspending.SuspendToken);
    }

    [Fact]
    public void Chrome_a_keep_alive_rising_while_suspending_cancels()
    {
        var lifecycle = Suspending(Chrome);
        Assert.Equal([DispatchOnSuspendCanceled.Instance, CancelTimer.Instance], lifecycle.KeepAliveChanged(1));
        Assert.Equal(BackgroundPhase.Running, lifecycle.Phase);
    }

    [Fact]
    public void Chrome_activity_while_running_restarts_the_wait()
    {
        var lifecycle = Running(Chrome);
        var before = lifecycle.Generation;
        Assert.Equal([new ArmTimer(LifecycleTimer.Idle, TimeSpan.FromSeconds(10), before + 1)], lifecycle.Activity(0));
    }

    [Theory]
    [InlineData(Flavor.Firefox)]
    [InlineData(Flavor.Chrome)]
    public void GetBackgroundPage_cancels_a_suspension_but_does_not_reset_a_running_wait(Flavor flavor)
    {
        var policy = flavor == Flavor.Chrome ? Chrome : Firefox;
        var running = Running(policy);
        var generation = running.Generation;
        Assert.Empty(running.WakeRequested(0));
        Assert.Equal(generation, running.Generation);
        var suspending = Suspending(policy);
        Assert.Contains(DispatchOnSuspendCanceled.Instance, suspending.WakeRequested(0));
        Assert.Equal(BackgroundPhase.Running, suspending.Phase);
    }

    [Fact]
    public void When_the_page_cancels_first_it_alone_fires_onSuspendCanceled()
    {
        var lifecycle = Suspending(Firefox);
        var suspendTimer = lifecycle.Generation;
        // A turn of the page saw activity while suspending and won the cancel.
        Assert.True(lifecycle.TryCancelSuspension());
        Assert.False(lifecycle.TryCancelSuspension());
        Assert.Equal(BackgroundPhase.Running, lifecycle.Phase);
        // The cap that was armed must not stop the page now running again.
        Assert.Empty(lifecycle.SuspendDue(suspendTimer));
        // The supervisor, told afterwards, only starts a new wait.
        var told = lifecycle.CanceledByPage(0);
        Assert.Equal([new ArmTimer(LifecycleTimer.Idle, TimeSpan.FromSeconds(30), lifecycle.Generation)], told);
        Assert.Empty(lifecycle.CanceledByPage(0));
    }

    [Fact]
    public void When_the_supervisor_resumes_first_the_pages_late_notice_changes_nothing()
    {
        var lifecycle = Suspending(Chrome);
        lifecycle.KeepAliveChanged(1);
        Assert.Empty(lifecycle.CanceledByPage(1));
        Assert.False(lifecycle.TryCancelSuspension());
    }

    [Fact]
    public void Activity_racing_the_decision_to_suspend_is_seen_or_cancels()
    {
        // The page records activity between the phase write and the quiet-time read, and cancels: nothing more to do.
        var lifecycle = Running(Firefox);
        var effects = lifecycle.IdleDue(lifecycle.Generation, 0, () =>
        {
            Assert.Equal(BackgroundPhase.Suspending, lifecycle.Phase);
            Assert.True(lifecycle.TryCancelSuspension());
            return TimeSpan.Zero;
        });
        Assert.Empty(effects);
        Assert.Equal(BackgroundPhase.Running, lifecycle.Phase);
        // Then its notice arrives and a new wait starts.
        Assert.Single(lifecycle.CanceledByPage(0));
    }

    [Fact]
    public void Stopped_from_any_phase_holds_nothing_and_ignores_old_timers()
    {
        foreach (var lifecycle in new[] { Running(Chrome), Suspending(Firefox), Running(Firefox, keepAlive: 2) })
        {
            var generation = lifecycle.Generation;
            lifecycle.Stopped();
            Assert.Equal(BackgroundPhase.Stopped, lifecycle.Phase);
            Assert.False(lifecycle.TimerArmed);
            Assert.Null(lifecycle.SuspendToken);
            Assert.Empty(lifecycle.IdleDue(generation, 0, () => LongQuiet));
            Assert.Empty(lifecycle.SuspendDue(generation));
            Assert.Empty(lifecycle.Activity(0));
        }
    }

    [Fact]
    public void Policies_on_the_default_timings_are_shared_and_custom_timings_are_kept()
    {
        Assert.Same(Firefox, LifecyclePolicy.For(Flavor.Mdn, isEventPage: true, EventPageOptions.Default));
        Assert.Same(Firefox, LifecyclePolicy.For(Flavor.Firefox, isEventPage: true, RuntimeOptions.FromConfig(Akka.Configuration.Config.Empty).EventPages));
        var custom = LifecyclePolicy.For(Flavor.Firefox, isEventPage: true, EventPageOptions.Default with { FirefoxIdleTimeout = TimeSpan.FromSeconds(2) });
        Assert.Equal(TimeSpan.FromSeconds(2), custom.IdleDelay);
        Assert.Equal(new LifecyclePolicy(true, KeepAliveCounts: true, WaitsOutSuspension: true, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)), Chrome);
    }

    private static readonly LifecyclePolicy Worker = LifecyclePolicy.ForWorker(EventPageOptions.Default);

    [Fact]
    public void A_service_worker_idle_for_30_s_stops_at_once_without_onSuspend_and_views_do_not_hold_it()
    {
        var lifecycle = Running(Worker, keepAlive: 3);
        Assert.True(lifecycle.TimerArmed);
        Assert.Empty(lifecycle.KeepAliveChanged(5));
        // Activity 10 s ago: the wait goes on for what is left of the 30 s.
        var rearmed = lifecycle.IdleDue(lifecycle.Generation, 3, () => TimeSpan.FromSeconds(10));
        Assert.Equal([new ArmTimer(LifecycleTimer.Idle, TimeSpan.FromSeconds(20), lifecycle.Generation)], rearmed);
        Assert.Equal(BackgroundPhase.Running, lifecycle.Phase);
        Assert.Equal([Stop.Instance], lifecycle.IdleDue(lifecycle.Generation, 3, () => TimeSpan.FromSeconds(30)));
        Assert.Equal(BackgroundPhase.Stopped, lifecycle.Phase);
    }

    [Fact]
    public void Terminating_a_worker_stops_it_and_an_event_page_suspends_it_without_waiting_out_Chromium_s_time()
    {
        var worker = Running(Worker);
        Assert.Equal([Stop.Instance], worker.TerminateRequested());
        Assert.Empty(worker.TerminateRequested());

        var page = Running(Chrome);
        var effects = page.TerminateRequested();
        var token = Assert.IsType<DispatchOnSuspend>(effects[0]).Token;
        Assert.Equal([Stop.Instance], page.SuspendListenersDone(token));

        // Suspending on its own, listeners done, waiting out the 5 s: a terminate stops it now.
        var waiting = Suspending(Chrome);
        Assert.Empty(waiting.SuspendListenersDone(waiting.SuspendToken!.Value));
        Assert.Equal(BackgroundPhase.Suspending, waiting.Phase);
        Assert.Equal([Stop.Instance], waiting.TerminateRequested());
        Assert.Equal(BackgroundPhase.Stopped, waiting.Phase);
    }
}
