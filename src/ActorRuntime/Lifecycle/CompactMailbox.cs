using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace ActorRuntime.Lifecycle;

/// <summary>
/// The mailbox of extension supervisors. Akka's default unbounded mailbox keeps a lock-free queue segment of
/// about 1 KB per actor for life; a supervisor is idle almost always and a runtime holds thousands of them,
/// so it gets a small locked queue that grows only while messages wait (configured as
/// <c>actorruntime.supervisor-mailbox</c>).
/// </summary>
public sealed class CompactMailbox : MailboxType, IProducesMessageQueue<CompactMessageQueue>
{
    public CompactMailbox(Settings settings, Config config) : base(settings, config)
    {
    }

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new CompactMessageQueue();
}

/// <summary>An unbounded FIFO of envelopes behind a lock.</summary>
public sealed class CompactMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
{
    private readonly Queue<Envelope> _queue = new();

    public bool HasMessages
    {
        get
        {
            lock (_queue) return _queue.Count > 0;
        }
    }

    public int Count
    {
        get
        {
            lock (_queue) return _queue.Count;
        }
    }

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        lock (_queue) _queue.Enqueue(envelope);
    }

    public bool TryDequeue(out Envelope envelope)
    {
        lock (_queue)
        {
            if (_queue.TryDequeue(out envelope)) return true;
            // A burst is over: let the buffer it grew go.
            if (_queue.EnsureCapacity(0) > 16) _queue.TrimExcess();
            return false;
        }
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope)) deadletters.Enqueue(owner, envelope);
    }
}
