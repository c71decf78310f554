using ActorRuntime.Kernel;
using ActorRuntime.Lifecycle;

namespace ActorRuntime.Tests.Lifecycle;

/// <summary>
/// A background slot's answer to the wake its worker was started for: the worker answers it itself, and the supervisor
/// only when it did not (a set-up that failed first, or a worker stopped and started again before it loaded).
/// </summary>
public class BackgroundSlotSpec : Akka.TestKit.Xunit2.TestKit
{
    private static BackgroundSlot Slot() =>
        new("background", isPrivate: false, new BackgroundLifecycle(LifecyclePolicy.For(Flavor.Chrome, isEventPage: true, EventPageOptions.Default)));

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 1)]
    public void The_supervisor_answers_a_wake_only_when_the_worker_started_for_it_did_not(bool answeredByWorker, int answers)
    {
        var slot = Slot();
        slot.MarkStarting(CreateTestProbe().Ref);
        var answered = 0;
        slot.WhenLoadedUnlessWakeAnswered(() => answered++);
        Assert.Equal(0, answered);
        slot.MarkLoaded(null!, failure: null, wakeAnswered: answeredByWorker);
        Assert.Equal(answers, answered);
    }

    [Fact]
    public void A_wake_whose_worker_stopped_before_it_loaded_is_answered_when_the_next_one_loads()
    {
        var slot = Slot();
        slot.MarkStarting(CreateTestProbe().Ref);
        var answered = 0;
        slot.WhenLoadedUnlessWakeAnswered(() => answered++);
        slot.Reset();
        // The next worker was started for another wake, which it answered: this one was never answered, so it is now.
        slot.MarkStarting(CreateTestProbe().Ref);
        slot.MarkLoaded(null!, failure: null, wakeAnswered: true);
        Assert.Equal(1, answered);
    }
}
