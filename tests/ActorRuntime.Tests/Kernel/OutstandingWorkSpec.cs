using ActorRuntime.Kernel;
using Akka.Actor;

namespace ActorRuntime.Tests.Kernel;

/// <summary>
/// The extension's outstanding work: counted where a message is sent, ended where it is accepted or dropped, and
/// "settled" only when nothing is outstanding and the loop is idle.
/// </summary>
public sealed class OutstandingWorkSpec : Akka.TestKit.Xunit2.TestKit
{
    private readonly ExtensionEventLoop _loop = new();
    private readonly OutstandingWork _work;

    public OutstandingWorkSpec() => _work = new OutstandingWork("ext", _loop);

    private Counted Receive(Akka.TestKit.TestProbe probe) => probe.ExpectMsg<Counted>();

    [Fact]
    public void A_sent_message_is_outstanding_until_its_receiver_accepts_it()
    {
        var probe = CreateTestProbe();
        Assert.True(_work.IsSettled);
        _work.Send(probe.Ref, "hello");
        var counted = Receive(probe);
        Assert.Equal("hello", counted.Message);
        Assert.False(_work.IsSettled);
        using (_work.Accept(counted)) Assert.False(_work.IsSettled);
        Assert.True(_work.IsSettled);
    }

    [Fact]
    public void Work_the_handler_sends_on_is_counted_before_the_accepted_work_ends()
    {
        var first = CreateTestProbe();
        var second = CreateTestProbe();
        _work.Send(first.Ref, "one");
        var settledInHandler = true;
        using (_work.Accept(Receive(first)))
        {
            // Still outstanding while handled: ending first would let "settled" be seen before "two" is counted.
            settledInHandler = _work.IsSettled;
            _work.Send(second.Ref, "two");
        }
        Assert.False(settledInHandler);
        Assert.False(_work.IsSettled);
        _work.Drop(Receive(second));
        Assert.True(_work.IsSettled);
    }

    [Fact]
    public void A_handler_that_throws_still_ends_the_work()
    {
        var probe = CreateTestProbe();
        _work.Send(probe.Ref, "boom");
        var counted = Receive(probe);
        void Handle()
        {
            using (_work.Accept(counted)) throw new InvalidOperationException("handler");
        }
        Assert.Throws<InvalidOperationException>(Handle);
        Assert.True(_work.IsSettled);
    }

    [Fact]
    public async Task Settled_waits_for_the_last_work_and_for_the_loop_to_go_idle()
    {
        var probe = CreateTestProbe();
        _loop.BecameIdle = _work.NotifyIfSettled;
        Assert.True(_loop.TryEnter(probe.Ref));
        _work.Send(probe.Ref, "x");
        var settled = _work.WhenSettled();
        using (_work.Accept(Receive(probe))) Assert.False(_work.IsSettled);
        // Nothing outstanding, but a turn is still running.
        Assert.False(settled.IsCompleted);
        _loop.Exit();
        await settled.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(_work.IsSettled);
    }

    [Fact]
    public async Task Waiting_for_work_that_never_ends_times_out_with_the_extension_named()
    {
        _work.Begin();
        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => _work.WaitSettledAsync(TimeSpan.Zero));
        Assert.Equal("extension ext did not settle within 0 s", timeout.Message);
        _work.End();
        await _work.WaitSettledAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Unwrap_gives_what_a_message_carries_whether_counted_or_not()
    {
        Assert.Equal("m", Counted.Unwrap(new Counted("m")));
        Assert.Equal("m", Counted.Unwrap("m"));
    }
}
