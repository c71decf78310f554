using System.Diagnostics;
using Jint;

namespace ActorRuntime.Scripting;

/// <summary>
/// One constraint shared by every engine of an extension. Jint resets its own constraints on every
/// top-level call, which a membrane call into another engine would restart; this one is armed once
/// per event-loop turn so the budget covers the whole turn.
/// </summary>
/// <remarks>
/// Time is the turn's CPU time on its thread: on a machine busy with other work a thread waits for a core, and a
/// wall-clock budget then stopped one-line scripts. Reading a thread's CPU clock is a system call, too slow for
/// every statement, so the cheap elapsed-time clock is watched instead and the CPU clock read only when elapsed
/// time passes what is left of the budget: CPU time never runs ahead of elapsed time, so no overrun is missed.
/// </remarks>
internal sealed class TurnBudget : Constraint
{
    private readonly long _timeoutTicks;
    private long _nextLook = long.MaxValue;
    private long _cpuStart;
    private long _allocationStart;

    public TurnBudget(ScriptLimits limits)
    {
        Limits = limits;
        _timeoutTicks = (long)(limits.Timeout.TotalSeconds * Stopwatch.Frequency);
    }

    public ScriptLimits Limits { get; }

    /// <summary>Starts the budget of a turn on the calling thread.</summary>
    public void Arm()
    {
        _cpuStart = ThreadCpuClock.Now();
        _nextLook = Stopwatch.GetTimestamp() + _timeoutTicks;
        _allocationStart = GC.GetAllocatedBytesForCurrentThread();
    }

    /// <summary>CPU time the turn has used so far.</summary>
    public TimeSpan Used => Stopwatch.GetElapsedTime(0, ThreadCpuClock.Now() - _cpuStart);

    public override void Check()
    {
        var now = Stopwatch.GetTimestamp();
        if (now > _nextLook)
        {
            var used = ThreadCpuClock.Now() - _cpuStart;
            if (used >= _timeoutTicks) throw TimedOut(Limits);
            _nextLook = now + (_timeoutTicks - used);
        }
        if (GC.GetAllocatedBytesForCurrentThread() - _allocationStart > Limits.MaxAllocatedBytes)
            throw new ScriptLimitExceededException($"script allocated more than its {Limits.MaxAllocatedBytes / (1024 * 1024)} MiB limit (actorruntime.script.max-allocated-bytes) and was stopped");
    }

    public static ScriptLimitExceededException TimedOut(ScriptLimits limits) =>
        new($"script ran longer than its {limits.Timeout.TotalMilliseconds:0} ms limit (actorruntime.script.timeout) and was stopped");

    public override void Reset()
    {
        // Armed per turn by the event loop, not per Jint call.
    }
}
