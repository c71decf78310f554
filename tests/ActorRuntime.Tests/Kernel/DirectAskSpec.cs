using ActorRuntime.Kernel;
using Akka.Actor;

namespace ActorRuntime.Tests.Kernel;

/// <summary>
/// The runtime's ask for evaluations: the answer is mapped on the replying thread and completes the caller's task
/// there (no thread-pool hop), while code awaiting the task never runs on the replying actor's thread; failures,
/// timeouts and cancellation as Akka's ask.
/// </summary>
public sealed class DirectAskSpec() : Akka.TestKit.Xunit2.TestKit("""
    dedicated {
      type = ForkJoinDispatcher
      throughput = 100
      dedicated-thread-pool { thread-count = 1 }
    }
    """)
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(1);

    /// <summary>Answers a number with the thread it ran on; a string with a failure; anything else not at all.</summary>
    private sealed class Answering : ReceiveActor
    {
        public Answering()
        {
            Receive<int>(n => Sender.Tell((n, Environment.CurrentManagedThreadId)));
            Receive<string>(why => Sender.Tell(new Status.Failure(new InvalidOperationException(why))));
        }
    }

    private IActorRef Answerer() => Sys.ActorOf(Props.Create(() => new Answering()).WithDispatcher("dedicated"));

    private static Exception NeverTimesOut() => new InvalidOperationException("timed out");

    /// <summary>Holds a number's asker until told to go, then answers it with the thread it runs on.</summary>
    private sealed class Gated : ReceiveActor
    {
        public Gated()
        {
            (IActorRef Asker, int N)? held = null;
            Receive<int>(n => held = (Sender, n));
            Receive<string>(_ => held?.Asker.Tell((held.Value.N, Environment.CurrentManagedThreadId)));
        }
    }

    [Fact]
    public async Task The_answer_is_mapped_on_the_replying_thread_and_continuations_run_elsewhere()
    {
        var gated = Sys.ActorOf(Props.Create(() => new Gated()).WithDispatcher("dedicated"));
        var mappedOn = 0;
        var answer = DirectAsk.Ask<(int N, int Thread), (int N, int Thread)>(gated, 21, Long, CancellationToken.None, reply =>
        {
            mappedOn = Environment.CurrentManagedThreadId;
            return (reply.N * 2, reply.Thread);
        }, NeverTimesOut);
        // Even a continuation asking to run synchronously is not run by the replying actor's thread.
        var continuedOn = answer.ContinueWith(_ => (Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        gated.Tell("go");
        var (n, actorThread) = await answer;
        Assert.Equal(42, n);
        // Mapped by the actor's own (dedicated) thread as it replied: no thread-pool thread was woken to take the answer.
        Assert.Equal(actorThread, mappedOn);
        var (thread, isPoolThread) = await continuedOn;
        Assert.NotEqual(actorThread, thread);
        Assert.True(isPoolThread);
    }

    [Fact]
    public async Task A_failure_answer_fails_the_task_with_its_cause()
    {
        var answer = DirectAsk.Ask<(int, int), int>(Answerer(), "refused", Long, CancellationToken.None, reply => reply.Item1, NeverTimesOut);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => answer);
        Assert.Equal("refused", failure.Message);
    }

    [Fact]
    public async Task No_answer_within_the_timeout_fails_with_the_callers_exception()
    {
        var answer = DirectAsk.Ask<(int, int), int>(Answerer(), 1.5, TimeSpan.FromMilliseconds(20), CancellationToken.None, reply => reply.Item1,
            () => new ExtensionTimeoutException("the extension did not answer"));
        var failure = await Assert.ThrowsAsync<ExtensionTimeoutException>(() => answer);
        Assert.Equal("the extension did not answer", failure.Message);
    }

    [Fact]
    public async Task A_cancelled_ask_is_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        var answer = DirectAsk.Ask<(int, int), int>(Answerer(), 1.5, Long, cancel.Token, reply => reply.Item1, NeverTimesOut);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => answer);
    }

    [Fact]
    public async Task A_map_that_throws_fails_the_task()
    {
        var answer = DirectAsk.Ask<(int, int), int>(Answerer(), 1, Long, CancellationToken.None, _ => throw new FormatException("bad answer"), NeverTimesOut);
        var failure = await Assert.ThrowsAsync<FormatException>(() => answer);
        Assert.Equal("bad answer", failure.Message);
    }
}
