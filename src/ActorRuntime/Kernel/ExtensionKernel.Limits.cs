using ActorRuntime.Scripting;
using Akka.Actor;

namespace ActorRuntime.Kernel;

/// <summary>
/// The limits that hold over time (CPU share, timers, queued tasks, memory held) and stopping the extension as a whole
/// when it passes one: the facet of the extension's state that owns that bookkeeping.
/// </summary>
internal sealed partial class ExtensionKernel
{
    /// <summary>The CPU the extension's turns used lately; read and written only by the context holding the turn.</summary>
    internal CpuShare CpuShare { get; }

    private volatile string? _haltReason;
    private int _timers;

    /// <summary>Counts a timer a context created; stops the extension when it holds more than its limit.</summary>
    internal void TimerStarted()
    {
        if (Interlocked.Increment(ref _timers) > Options.Limits.MaxTimers)
            throw Halt($"it held more than {Options.Limits.MaxTimers} timers at once (actorruntime.script.max-timers)");
    }

    /// <summary>Stops the extension for using more than its share of a script thread for too long (the turn that sees it does not run).</summary>
    internal void Unresponsive()
    {
        var share = Options.Limits.CpuShare;
        Halt($"it used more than {share.DeferAbove:0.##} of a script thread for {share.UnresponsiveAfter.TotalSeconds:0.#} s " +
             "(actorruntime.script.cpu-share.defer-above, actorruntime.script.cpu-share.unresponsive-after)");
    }

    /// <summary>Stops the extension for queueing more tasks than its limit; the exception ends the script that posted.</summary>
    internal ScriptLimitExceededException TooManyTasks() =>
        Halt($"it queued more than {Options.Limits.MaxPendingTasks} tasks at once (actorruntime.script.max-pending-tasks)");

    internal void TimersGone(int count) => Interlocked.Add(ref _timers, -count);

    private int _networkRequests;

    /// <summary>
    /// Counts a request on its way to the offline network (its answer is a task to come), against the same limit as queued
    /// tasks; stops the extension when it has more than that many at once.
    /// </summary>
    internal void NetworkRequestStarted()
    {
        if (Interlocked.Increment(ref _networkRequests) > Options.Limits.MaxPendingTasks)
        {
            Interlocked.Decrement(ref _networkRequests);
            throw TooManyTasks();
        }
    }

    internal void NetworkRequestAnswered() => Interlocked.Decrement(ref _networkRequests);

    private long _allocatedSinceMeasure;
    private long _lastHeld;

    /// <summary>
    /// Counts what a turn allocated; once the extension has allocated an eighth of its retained-memory limit since the last
    /// look, measures what its engines hold and stops it when that is over the limit. Called by the turn holder.
    /// </summary>
    /// <summary>What the runtime keeps for scripts outside their engines: pending timers (callbacks, arguments) and cloned values (history states).</summary>
    private static bool HostKeptForScripts(Type type) =>
        type.DeclaringType == typeof(ContextTimers) || type == typeof(ContextTimers)
        || type == typeof(StructuredClone) || type.DeclaringType == typeof(StructuredClone) || type.DeclaringType?.DeclaringType == typeof(StructuredClone);

    /// <summary>What a realm holds: its engine, its page's DOM (held whether or not a script keeps a handle on it) and its timers.</summary>
    private static IEnumerable<object> HeldBy(ContextRealm realm)
    {
        yield return realm.Engine;
        if (realm.PageDom is { } dom) yield return dom;
        if (realm.Host?.Timers is { } timers) yield return timers;
    }

    internal void NoteAllocated(long bytes)
    {
        var limit = Options.Limits.MaxRetainedBytes;
        _allocatedSinceMeasure += bytes;
        // Looked at again once it allocated an eighth of the limit, or what it held last time if more: the walk's cost
        // follows what is held, so it stays a fraction of the allocating work however close to the limit it holds.
        if (_allocatedSinceMeasure < Math.Max(Math.Max(1024 * 1024, limit / 8), _lastHeld)) return;
        _allocatedSinceMeasure = 0;
        long held;
        try
        {
            // A page's document is held by its realm whether or not a script keeps a handle on it.
            held = RetainedSize.Measure(_realms.SelectMany(HeldBy).ToList(), limit, HostKeptForScripts);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // An estimate that cannot be made this time (the walk reads engine internals by reflection) is skipped,
            // never allowed to take the turn, and the context, down with it.
            System.Diagnostics.Trace.TraceWarning($"extension {Package.Id}: retained-memory estimate skipped: {ex.GetType().Name}: {ex.Message}");
            return;
        }
        _lastHeld = held;
        if (held > limit) Halt($"it held more than {limit / (1024 * 1024)} MiB of memory (actorruntime.script.max-retained-bytes)");
    }

    /// <summary>
    /// Stops the extension as a whole for <paramref name="reason"/> (its supervisor unloads every context and refuses it
    /// afterwards); the returned exception ends the script that passed the limit, uncatchable from JavaScript.
    /// </summary>
    internal ScriptLimitExceededException Halt(string reason)
    {
        if (HaltReason is null)
        {
            HaltReason = reason;
            Supervisor.Tell(new SupervisorSignals.Halt(reason));
        }
        return new ScriptLimitExceededException("extension stopped: " + reason);
    }

    /// <summary>Why the extension was stopped as a whole (over a limit that holds over time), or null while it may run.</summary>
    internal string? HaltReason
    {
        get => _haltReason;
        private set => _haltReason = value;
    }
}
