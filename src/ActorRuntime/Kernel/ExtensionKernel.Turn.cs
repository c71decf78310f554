using System.Diagnostics;
using ActorRuntime.Scripting;
using Akka.Actor;

namespace ActorRuntime.Kernel;

/// <summary>
/// How one turn of the extension's loop runs, for whichever context holds it: the holder's own messages, then the
/// tasks posted to the loop, then the turn's accounting (CPU share, memory), the replies owed after jobs, and the hand-over
/// of the turn. Everything here runs on the turn holder's thread.
/// </summary>
internal sealed partial class ExtensionKernel
{
    /// <summary>
    /// Runs a turn for the context holding it: <paramref name="handleOwn"/> handles that context's queued messages, and
    /// <paramref name="continuation"/> names who takes the turn next when posted tasks are left for a later one. False
    /// when the extension is over its CPU share: nothing ran, and the holder keeps the turn and asks again later.
    /// </summary>
    internal bool TryRunTurn(Action handleOwn, Func<IActorRef?> continuation)
    {
        var verdict = HaltReason is null ? CpuShare.Observe(Stopwatch.GetTimestamp()) : TurnVerdict.Run;
        // Holding the turn while deferred keeps every other context of the extension waiting too: the extension is one
        // logical thread, and it is the extension that is over its share.
        if (verdict == TurnVerdict.Defer) return false;
        if (verdict == TurnVerdict.Unresponsive) Unresponsive();
        if (HaltReason is not null)
        {
            // Nothing of a stopped extension runs again; the turn is handed on (to other contexts that refuse likewise)
            // so that the loop goes idle and the extension can be seen as settled.
            ReleaseRealms();
            Loop.Exit();
            return true;
        }
        Budget.BeginTurn();
        var turnStarted = Telemetry.RuntimeTelemetry.StartTiming(Telemetry.RuntimeTelemetry.TurnDuration);
        var allocatedStart = GC.GetAllocatedBytesForCurrentThread();
        IActorRef? next = null;
        try
        {
            handleOwn();
            if (RunPostedTasks()) next = continuation();
        }
        finally
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedStart;
            try
            {
                CpuShare.Record(Stopwatch.GetTimestamp(), Budget.EndTurn());
                Telemetry.RuntimeTelemetry.StopTiming(Telemetry.RuntimeTelemetry.TurnDuration, turnStarted, Package.Id);
            }
            finally
            {
                // Normally sent when the jobs were drained; a turn cut short still answers (and saves what it wrote to
                // localStorage), before it ends.
                SendReplies();
                try
                {
                    // Once the replies are on their way: the walk over what the extension holds, when one is due, delays
                    // no one's answer (an extension it finds over the limit is stopped all the same, before the turn ends).
                    NoteAllocated(allocated);
                }
                finally
                {
                    if (HaltReason is not null) ReleaseRealms();
                    Loop.Exit(next);
                }
            }
        }
        return true;
    }

    private IActorRef? _hostTurns;

    /// <summary>The extension's <see cref="HostTurns"/> while it lives (it sets and clears this itself); null before it is made.</summary>
    internal IActorRef? HostTurnsActor
    {
        get => Volatile.Read(ref _hostTurns);
        set => Volatile.Write(ref _hostTurns, value);
    }

    /// <summary>Runs tasks other contexts posted to the loop, up to the per-turn cap; true when some are left for a later turn.</summary>
    private bool RunPostedTasks()
    {
        for (var ran = 0; ran < ExtensionEventLoop.PostedTasksPerTurn; ran++)
        {
            if (!Loop.TryTakePosted(out var task)) return false;
            if (task.Target.IsDead) continue;
            Budget.Arm();
            try
            {
                task.Work();
                DrainJobs(task.Target);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                RecoverAll(ex);
                task.Target.Log("error", ErrorReport.Describe(ex));
            }
        }
        return true;
    }
}
