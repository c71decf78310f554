using System.Diagnostics;
using ActorRuntime.Scripting;

namespace ActorRuntime.Tests.Scripting;

/// <summary>The turn budget counts the CPU time the turn's thread used, not time spent waiting for a core.</summary>
public class TurnBudgetTests
{
    private static readonly ScriptLimits Limits = ScriptLimits.Default with { Timeout = TimeSpan.FromMilliseconds(50) };

    [Fact]
    public void Time_the_thread_spends_not_running_does_not_count()
    {
        // Linux, Windows and macOS have a per-thread CPU clock; without one a loaded machine stops scripts that did almost nothing.
        Assert.True(ThreadCpuClock.MeasuresCpu);
        var budget = new TurnBudget(Limits);
        budget.Arm();
        // Four budgets of elapsed time without using the CPU: what a thread sees when the machine's cores are taken.
        Thread.Sleep(Limits.Timeout * 4);
        budget.Check();
        Assert.True(budget.Used < Limits.Timeout, $"sleeping used {budget.Used} of CPU");
    }

    [Fact]
    public void Time_the_thread_spends_working_counts_and_stops_the_turn()
    {
        var budget = new TurnBudget(Limits);
        budget.Arm();
        var spun = Stopwatch.StartNew();
        var error = Assert.Throws<ScriptLimitExceededException>(() =>
        {
            // Bounded: a broken clock fails the test instead of hanging it.
            while (spun.Elapsed < TimeSpan.FromMinutes(1)) budget.Check();
        });
        Assert.Equal("script ran longer than its 50 ms limit (actorruntime.script.timeout) and was stopped", error.Message);
        Assert.True(budget.Used >= Limits.Timeout);
    }

    [Fact]
    public void Arming_again_gives_a_whole_budget()
    {
        var budget = new TurnBudget(Limits);
        budget.Arm();
        var spun = Stopwatch.StartNew();
        Assert.Throws<ScriptLimitExceededException>(() => { while (spun.Elapsed < TimeSpan.FromMinutes(1)) budget.Check(); });
        budget.Arm();
        budget.Check();
    }

    [Fact]
    public void A_turn_reports_the_cpu_its_tasks_used_not_the_time_they_waited()
    {
        var budget = new TurnBudget(ScriptLimits.Default);
        budget.BeginTurn();
        budget.Arm();
        var spun = Stopwatch.StartNew();
        // A task that works 20 ms of CPU (bounded: a broken clock fails instead of hanging)...
        while (budget.Used < TimeSpan.FromMilliseconds(20) && spun.Elapsed < TimeSpan.FromMinutes(1)) budget.Check();
        // ...then one that waits 150 ms without working.
        budget.Arm();
        Thread.Sleep(150);
        budget.Check();
        var used = Stopwatch.GetElapsedTime(0, budget.EndTurn());
        Assert.InRange(used, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_long_call_with_no_check_inside_counts_whole_at_the_next_check()
    {
        var budget = new TurnBudget(Limits);
        budget.BeginTurn();
        budget.Arm();
        // One native call that works 3 budgets' worth of CPU without a statement check (bounded by elapsed time).
        var spun = Stopwatch.StartNew();
        while (budget.UsedSinceTurnBegan() < Limits.Timeout * 3)
            if (spun.Elapsed > TimeSpan.FromMinutes(1)) break;
        Assert.Throws<ScriptLimitExceededException>(budget.Check);
    }
}
