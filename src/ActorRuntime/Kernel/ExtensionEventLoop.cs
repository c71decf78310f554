using Akka.Actor;

namespace ActorRuntime.Kernel;

/// <summary>
/// The single logical thread of one extension, as a browser runs every page of an extension on one
/// thread. A context actor may touch any engine of its extension only while it holds the turn; that is
/// what lets the membrane call straight into another context's engine and callbacks re-enter without
/// deadlock. Nobody blocks: an actor that finds the loop busy is queued and handed the turn by a
/// <see cref="LoopTurn"/> message when the holder exits.
/// </summary>
internal sealed class ExtensionEventLoop
{
    private readonly object _gate = new();
    private readonly Queue<IActorRef> _waiting = new();
    private readonly Queue<PostedTask> _posted = new();
    private bool _busy;

    /// <summary>How many posted tasks one turn runs before it lets other actors in.</summary>
    internal const int PostedTasksPerTurn = 1000;

    /// <summary>Calls that crossed between engines; a drain round that adds none is the last.</summary>
    internal long Crossings { get; private set; }

    internal void CountCrossing() => Crossings++;

    /// <summary>Called (outside the loop's lock) whenever a turn ends with nobody to hand it to.</summary>
    internal Action? BecameIdle { get; set; }

    /// <summary>Takes the turn now, or queues <paramref name="actor"/> to be sent <see cref="LoopTurn"/> later.</summary>
    public bool TryEnter(IActorRef actor)
    {
        lock (_gate)
        {
            if (!_busy)
            {
                _busy = true;
                return true;
            }
            _waiting.Enqueue(actor);
            return false;
        }
    }

    /// <summary>
    /// Queues work for another context of the extension (a message delivered, a response settled) as a new task
    /// of the one event loop, as a browser queues it on the extension's thread. Only the turn holder posts, and
    /// the holder runs posted tasks before it ends its turn, so no actor hop or thread wake is paid per message.
    /// </summary>
    internal void Post(Kernel.ContextRealm target, Action work)
    {
        // Past actorruntime.script.max-pending-tasks the extension is stopped as a whole.
        if (_exempt == 0 && Extension is { } extension && _posted.Count >= extension.Options.Limits.MaxPendingTasks) throw extension.TooManyTasks();
        _posted.Enqueue(new PostedTask(target, work));
    }

    private int _exempt;

    /// <summary>Posts the runtime makes on its own behalf until disposed (a context closing) are not held to the task limit.</summary>
    internal Exemption ExemptFromLimit()
    {
        _exempt++;
        return new Exemption(this);
    }

    internal readonly struct Exemption(ExtensionEventLoop loop) : IDisposable
    {
        public void Dispose() => loop._exempt--;
    }

    /// <summary>The extension whose loop this is (its limits, and who stops it).</summary>
    internal ExtensionKernel? Extension { get; set; }

    internal bool TryTakePosted(out PostedTask task) => _posted.TryDequeue(out task);

    /// <summary>
    /// Ends the turn, handing it straight to the next waiter if there is one. Posted tasks still queued (the
    /// per-turn cap was reached) keep the loop busy and the turn goes to <paramref name="continuation"/>.
    /// </summary>
    public void Exit(IActorRef? continuation = null)
    {
        IActorRef? next;
        bool idle;
        lock (_gate)
        {
            if (!_waiting.TryDequeue(out next))
            {
                if (_posted.Count > 0 && continuation is not null) next = continuation;
                else _busy = false;
            }
            idle = !_busy;
        }
        next?.Tell(LoopTurn.Instance);
        if (idle) BecameIdle?.Invoke();
    }

    /// <summary>No turn running and nobody waiting for one.</summary>
    public bool IsIdle
    {
        get
        {
            lock (_gate) return !_busy;
        }
    }
}

/// <summary>Work for <paramref name="Target"/>'s engine, run by whichever actor holds the turn.</summary>
internal readonly record struct PostedTask(Kernel.ContextRealm Target, Action Work);

/// <summary>Sent to a queued actor: the loop's turn is now yours.</summary>
internal sealed record LoopTurn : INoSerializationVerificationNeeded
{
    public static readonly LoopTurn Instance = new();
}
