using ActorRuntime.Kernel;
using ActorRuntime.Lifecycle;

namespace ActorRuntime.Tests.Lifecycle;

/// <summary>
/// A background slot's answer to the wake its worker was started for: the worker answers it itself, and the supervisor
/// only when it did not (a set-up that failed first, or a worker stopped before it loaded).
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
        var worker = CreateTestProbe().Ref;
        slot.MarkStarting(worker);
        var answered = 0;
        slot.WhenLoadedUnlessWakeAnswered(() => answered++);
        if (answeredByWorker) slot.WakeAnsweredBy(worker);
        Assert.Equal(0, answered);
        slot.MarkLoaded(null!, failure: null);
        Assert.Equal(answers, answered);
        // Answered (by one or the other) once: a later load answers nothing again.
        slot.MarkLoaded(null!, failure: null);
        Assert.Equal(answers, answered);
    }

    [Fact]
    public void A_wake_answered_by_a_worker_stopped_before_its_load_was_taken_is_not_answered_again()
    {
        var slot = Slot();
        var first = CreateTestProbe().Ref;
        slot.MarkStarting(first);
        var answered = 0;
        slot.WhenLoadedUnlessWakeAnswered(() => answered++);
        // Stopped (closed, reloaded) before the supervisor took its Loaded, which says it answered.
        slot.Reset();
        slot.WakeAnsweredBy(first);
        slot.MarkStarting(CreateTestProbe().Ref);
        slot.MarkLoaded(null!, failure: null);
        Assert.Equal(0, answered);
    }

    [Fact]
    public void A_wake_whose_worker_stopped_before_answering_is_answered_when_the_next_one_loads()
    {
        var slot = Slot();
        slot.MarkStarting(CreateTestProbe().Ref);
        var answered = 0;
        slot.WhenLoadedUnlessWakeAnswered(() => answered++);
        slot.Reset();
        // The next worker was started for another wake, which it answered: this one never was, so the supervisor answers it.
        var next = CreateTestProbe().Ref;
        slot.MarkStarting(next);
        slot.WhenLoadedUnlessWakeAnswered(() => answered += 10);
        slot.WakeAnsweredBy(next);
        slot.MarkLoaded(null!, failure: null);
        Assert.Equal(1, answered);
    }
}
