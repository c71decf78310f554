using System.Diagnostics;
using Jint;

namespace ActorRuntime.Scripting;

/// <summary>
/// One constraint shared by every engine of an extension. Jint resets its own constraints on every
/// top-level call, which a membrane call into another engine would restart; this one is armed once
/// per task of the event loop (a message handled, a posted task) so the budget covers the whole task.
/// </summary>
/// <remarks>
/// Time is CPU time on the task's thread: on a machine busy with other work a thread waits for a core, and a
/// wall-clock budget then stopped one-line scripts. Reading a thread's CPU clock is a system call (about 0.5 µs
/// here), too slow for every statement or every task, so it is read once a turn and then only for tasks that last:
/// a task is looked at first after a millisecond of elapsed time, and then measured on the CPU clock (what the turn
/// used since it began, less what its earlier tasks were counted for, so a long call with no check inside still
/// counts whole), and looked at again only when elapsed time passes what is left of the budget (CPU time never runs
/// ahead of elapsed time, so nothing is missed). A task shorter than the first look counts its elapsed time.
/// The same figures give each turn's CPU time for the extension's <see cref="Scripting.CpuShare"/>.
/// </remarks>
internal sealed class TurnBudget : Constraint
{
    private static readonly long Grace = Stopwatch.Frequency / 1000;

    private readonly long _timeoutTicks;
    private long _armedAt;
    private long _nextLook = long.MaxValue;
    private long _cpuMark = -1;
    private long _usedBeforeMark;
    private long _allocationStart;
    private long _turnUsed;
    private long _turnCpuStart;
    private bool _inTurn;

    public TurnBudget(ScriptLimits limits)
    {
        Limits = limits;
        _timeoutTicks = (long)(limits.Timeout.TotalSeconds * Stopwatch.Frequency);
    }

    public ScriptLimits Limits { get; }

    /// <summary>Starts counting a turn's CPU time (see <see cref="EndTurn"/>).</summary>
    public void BeginTurn()
    {
        _armedAt = 0;
        _turnUsed = 0;
        _turnCpuStart = ThreadCpuClock.Now();
        _inTurn = true;
    }

    /// <summary>The CPU time, in Stopwatch ticks, the tasks armed since <see cref="BeginTurn"/> used.</summary>
    public long EndTurn()
    {
        CloseTask(Stopwatch.GetTimestamp());
        _inTurn = false;
        return _turnUsed;
    }

    /// <summary>Starts the budget of a task on the calling thread.</summary>
    public void Arm()
    {
        if (!_inTurn) BeginTurn();
        var now = Stopwatch.GetTimestamp();
        CloseTask(now);
        _armedAt = now;
        _cpuMark = -1;
        _nextLook = now + Math.Min(Grace, _timeoutTicks);
        _allocationStart = GC.GetAllocatedBytesForCurrentThread();
    }

    /// <summary>CPU time the thread used since the turn began, read from the CPU clock (for tests).</summary>
    internal TimeSpan UsedSinceTurnBegan() => Stopwatch.GetElapsedTime(0, ThreadCpuClock.Now() - _turnCpuStart);

    /// <summary>CPU time the current task has used so far.</summary>
    public TimeSpan Used => Stopwatch.GetElapsedTime(0, UsedTicks(Stopwatch.GetTimestamp()));

    public override void Check()
    {
        var now = Stopwatch.GetTimestamp();
        if (now > _nextLook)
        {
            if (_cpuMark < 0) Mark(now);
            var used = UsedTicks(now);
            if (used >= _timeoutTicks) throw TimedOut(Limits);
            _nextLook = now + (_timeoutTicks - used);
        }
        if (GC.GetAllocatedBytesForCurrentThread() - _allocationStart > Limits.MaxAllocatedBytes)
            throw new ScriptLimitExceededException($"script allocated more than its {Limits.MaxAllocatedBytes / (1024 * 1024)} MiB limit (actorruntime.script.max-allocated-bytes) and was stopped");
    }

    private static ScriptLimitExceededException TimedOut(ScriptLimits limits) =>
        new($"script ran longer than its {limits.Timeout.TotalMilliseconds:0} ms limit (actorruntime.script.timeout) and was stopped");

    public override void Reset()
    {
        // Armed per task by the event loop, not per Jint call.
    }

    private void Mark(long now)
    {
        _cpuMark = ThreadCpuClock.Now();
        _usedBeforeMark = Math.Clamp(_cpuMark - _turnCpuStart - _turnUsed, 0, now - _armedAt);
    }

    private long UsedTicks(long now) => _armedAt == 0 ? 0
        : _cpuMark < 0 ? Math.Min(now - _armedAt, Grace)
        : _usedBeforeMark + (ThreadCpuClock.Now() - _cpuMark);

    private void CloseTask(long now)
    {
        _turnUsed += UsedTicks(now);
        _armedAt = 0;
        _nextLook = long.MaxValue;
    }
}
