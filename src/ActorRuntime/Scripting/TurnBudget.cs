using System.Diagnostics;
using Jint;

namespace ActorRuntime.Scripting;

/// <summary>
/// One constraint shared by every engine of an extension. Jint resets its own constraints on every
/// top-level call, which a membrane call into another engine would restart; this one is armed once
/// per event-loop turn so the budget covers the whole turn.
/// </summary>
internal sealed class TurnBudget(ScriptLimits limits) : Constraint
{
    private long _deadline = long.MaxValue;
    private long _allocationStart;

    public ScriptLimits Limits { get; } = limits;

    public void Arm()
    {
        _deadline = Stopwatch.GetTimestamp() + (long)(Limits.Timeout.TotalSeconds * Stopwatch.Frequency);
        _allocationStart = GC.GetAllocatedBytesForCurrentThread();
    }

    public override void Check()
    {
        if (Stopwatch.GetTimestamp() > _deadline)
            throw new ScriptLimitExceededException($"script ran longer than its {Limits.Timeout.TotalMilliseconds:0} ms limit and was stopped");
        if (GC.GetAllocatedBytesForCurrentThread() - _allocationStart > Limits.MaxAllocatedBytes)
            throw new ScriptLimitExceededException($"script allocated more than its {Limits.MaxAllocatedBytes / (1024 * 1024)} MiB limit and was stopped");
    }

    public override void Reset()
    {
        // Armed per turn by the event loop, not per Jint call.
    }
}
