using ActorRuntime.Timing;

namespace ActorRuntime.Tests.Timing;

public class VirtualClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static Task Settled() => Task.CompletedTask;

    [Fact]
    public async Task Time_moves_only_when_advanced_and_timers_fire_at_their_due_time_in_order()
    {
        var clock = new VirtualClock(Start);
        var fired = new List<(string Name, TimeSpan At)>();
        void Record(string name) => fired.Add((name, clock.GetUtcNow() - Start));
        using var late = clock.CreateTimer(_ => Record("late"), null, TimeSpan.FromMilliseconds(300), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ => Record("early"), null, TimeSpan.FromMilliseconds(100), Timeout.InfiniteTimeSpan);
        using var tie = clock.CreateTimer(_ => Record("tie"), null, TimeSpan.FromMilliseconds(100), Timeout.InfiniteTimeSpan);
        Assert.Equal(Start, clock.GetUtcNow());

        await clock.AdvanceAsync(TimeSpan.FromMilliseconds(250), Settled);
        Assert.Equal([("early", TimeSpan.FromMilliseconds(100)), ("tie", TimeSpan.FromMilliseconds(100))], fired);
        Assert.Equal(Start.AddMilliseconds(250), clock.GetUtcNow());

        await clock.AdvanceAsync(TimeSpan.FromMilliseconds(50), Settled);
        Assert.Equal(("late", TimeSpan.FromMilliseconds(300)), fired[^1]);
        Assert.Null(clock.NextDue);
    }

    [Fact]
    public async Task A_timer_scheduled_by_a_firing_timer_fires_within_the_same_advance_at_its_own_time()
    {
        var clock = new VirtualClock(Start);
        var times = new List<double>();
        ITimer? second = null;
        using var first = clock.CreateTimer(_ =>
        {
            times.Add((clock.GetUtcNow() - Start).TotalMilliseconds);
            second = clock.CreateTimer(_ => times.Add((clock.GetUtcNow() - Start).TotalMilliseconds), null, TimeSpan.FromMilliseconds(40), Timeout.InfiniteTimeSpan);
        }, null, TimeSpan.FromMilliseconds(10), Timeout.InfiniteTimeSpan);

        await clock.AdvanceAsync(TimeSpan.FromMilliseconds(100), Settled);
        Assert.Equal([10d, 50d], times);
        second!.Dispose();
    }

    [Fact]
    public async Task Periodic_timers_repeat_and_disposed_or_changed_timers_do_not_fire()
    {
        var clock = new VirtualClock(Start);
        var ticks = 0;
        var cancelled = 0;
        using var periodic = clock.CreateTimer(_ => ticks++, null, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10));
        var disposed = clock.CreateTimer(_ => cancelled++, null, TimeSpan.FromMilliseconds(5), Timeout.InfiniteTimeSpan);
        disposed.Dispose();
        using var parked = clock.CreateTimer(_ => cancelled++, null, TimeSpan.FromMilliseconds(5), Timeout.InfiniteTimeSpan);
        parked.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        await clock.AdvanceAsync(TimeSpan.FromMilliseconds(55), Settled);
        Assert.Equal(5, ticks);
        Assert.Equal(0, cancelled);
    }

    [Fact]
    public async Task A_zero_delay_timer_fires_at_once_and_jumping_goes_to_the_earliest_pending_timer()
    {
        var clock = new VirtualClock(Start);
        var now = 0;
        using var immediate = clock.CreateTimer(_ => now++, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        Assert.Equal(1, now);

        var settles = 0;
        using var later = clock.CreateTimer(_ => now++, null, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);
        Assert.True(await clock.JumpToNextAsync(() => { settles++; return Task.CompletedTask; }));
        Assert.Equal(2, now);
        Assert.Equal(Start.AddSeconds(30), clock.GetUtcNow());
        Assert.True(settles >= 2, "settles before the first timer and after each");
        Assert.False(await clock.JumpToNextAsync(Settled));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => clock.AdvanceAsync(TimeSpan.FromMilliseconds(-1), Settled));
    }
}
