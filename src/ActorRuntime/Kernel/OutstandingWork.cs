using System.Diagnostics;
using Akka.Actor;

namespace ActorRuntime.Kernel;

/// <summary>
/// The extension's outstanding work and its settledness: what a caller waits for before it looks at what a step caused.
/// Work is counted where it is sent and ended where it is accepted: <see cref="Send"/> counts a message and wraps it in
/// <see cref="Counted"/>; the receiver handles what it carries inside <see cref="Accept"/>'s scope, which ends the work
/// after the handler (so whatever the handler sent on is counted first), or <see cref="Drop"/>s it. Work that is not a message (a
/// context loading, a request awaiting its answer, a timer firing) is counted by the kernel type that owns it with
/// <see cref="Begin"/> and <see cref="End"/>.
/// </summary>
/// <remarks>
/// Thread-safety: <c>_outstanding</c> is atomic (Interlocked) and read from any thread; <c>_whenSettled</c> is written only
/// under <c>_settleGate</c> (read once without it as a fast path, then again under it).
/// </remarks>
internal sealed class OutstandingWork(string extensionId, ExtensionEventLoop loop)
{
    private int _outstanding;
    private readonly object _settleGate = new();
    private TaskCompletionSource? _whenSettled;

    /// <summary>
    /// Tells <paramref name="to"/> a message that counts as the extension's work until its receiver accepts or drops it;
    /// from <paramref name="sender"/>, else (as a plain Tell) from the actor sending it, if any.
    /// </summary>
    public void Send(IActorRef to, object message, IActorRef? sender = null)
    {
        Begin();
        var counted = Counted.Of(message);
        if (sender is null) to.Tell(counted);
        else to.Tell(counted, sender);
    }

    /// <summary>Asks <paramref name="to"/> with a counted message (see <see cref="Send"/>).</summary>
    public Task<T> Ask<T>(ICanTell to, object message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Begin();
        return to.Ask<T>(Counted.Of(message), timeout, cancellationToken);
    }

    /// <summary>
    /// Asks <paramref name="to"/> with a counted message (see <see cref="Send"/>), its answer mapped by <paramref name="map"/>
    /// on the replying thread and handed to a waiting caller without a thread-pool hop (<see cref="DirectAsk"/>).
    /// </summary>
    public Task<TResult> AskDirect<TAnswer, TResult>(IActorRef to, object message, TimeSpan timeout, CancellationToken cancellationToken,
        Func<TAnswer, TResult> map, Func<Exception> timedOut)
    {
        Begin();
        return DirectAsk.Ask(to, Counted.Of(message), timeout, cancellationToken, map, timedOut);
    }

    /// <summary>
    /// Takes <paramref name="counted"/> for handling: its work ends when the returned scope is disposed, after the handler
    /// (<c>using (work.Accept(counted)) Handle(counted.Message);</c>), whatever the handler threw. A struct, no delegate:
    /// every counted message passes here.
    /// </summary>
    public Acceptance Accept(Counted counted) => new(this);

    /// <summary>The handling of one accepted message; disposing it ends the message's work.</summary>
    public readonly struct Acceptance(OutstandingWork work) : IDisposable
    {
        public void Dispose() => work.End();
    }

    /// <summary>A counted message its receiver will not handle (it was closed or stopped first).</summary>
    public void Drop(Counted counted) => End();

    /// <summary>Work that will end on some later turn: a context loading, an answer on its way.</summary>
    public void Begin() => Interlocked.Increment(ref _outstanding);

    public void End()
    {
        if (Interlocked.Decrement(ref _outstanding) == 0) NotifyIfSettled();
    }

    /// <summary>Nothing running and nothing on its way: only a timer or an outside request can make the extension run again.</summary>
    public bool IsSettled => Volatile.Read(ref _outstanding) == 0 && loop.IsIdle;

    /// <summary>Completes the first time <see cref="IsSettled"/> holds from now on (at once when it holds already).</summary>
    public Task WhenSettled()
    {
        Task task;
        lock (_settleGate) task = (_whenSettled ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        NotifyIfSettled();
        return task;
    }

    /// <summary>Called where the extension may have become settled: its last outstanding work ended, or its loop went idle.</summary>
    public void NotifyIfSettled()
    {
        if (Volatile.Read(ref _whenSettled) is null) return;
        TaskCompletionSource? waiters;
        lock (_settleGate)
        {
            // Checked under the gate: waiters registered after a moment of settledness must see one of their own.
            if (!IsSettled) return;
            waiters = _whenSettled;
            _whenSettled = null;
        }
        waiters?.TrySetResult();
    }

    /// <summary>Completes once <see cref="IsSettled"/>; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public async Task WaitSettledAsync(TimeSpan timeout)
    {
        // Most turns end within microseconds: looking again a few times on this thread beats waking another one.
        for (var spin = 0; spin < 64 && !IsSettled; spin++) await Task.Yield();
        if (IsSettled) return;
        try
        {
            await WhenSettled().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"extension {extensionId} did not settle within {timeout.TotalSeconds:0} s");
        }
    }
}

/// <summary>A message counted as the extension's outstanding work (<see cref="OutstandingWork.Send"/>) until its receiver accepts it.</summary>
internal record Counted(object Message) : INoSerializationVerificationNeeded
{
    /// <summary>The span the message was sent in, if any: its receiver's handling is traced as a child of it.</summary>
    public virtual Activity? Parent => null;

    /// <summary>
    /// <paramref name="message"/> counted, with the span it is sent in (a request being traced) when there is one: an
    /// untraced message costs nothing more than before.
    /// </summary>
    public static Counted Of(object message) => Activity.Current is { } current ? new Traced(message, current) : new Counted(message);

    private sealed record Traced(object Message, Activity Span) : Counted(Message)
    {
        public override Activity? Parent => Span;
    }

    /// <summary>What <paramref name="message"/> carries, whether counted or not.</summary>
    public static object Unwrap(object message) => message is Counted counted ? counted.Message : message;
}
