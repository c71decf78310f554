using ActorRuntime.Kernel;
using ActorRuntime.Apis;
using ActorRuntime.Manifest;
using Akka.Actor;
using static ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol;
using static ActorRuntime.Kernel.SupervisorSignals;
using ContextProtocol = ActorRuntime.Contexts.ContextActor.Protocol;

namespace ActorRuntime.Lifecycle;

/// <summary>
/// Event pages: suspended when idle and woken on demand, per flavour (spec section 5). Firefox (<c>mdn</c>,
/// <c>firefox</c>): an idle delay that only activity of the background resets (events delivered to it,
/// incoming messages, API calls it makes); open views and held references do not keep it alive. Chromium:
/// a keep-alive count (open views other than side panels, open message channels); at zero for the idle
/// time, <c>onSuspend</c>, then close. All delays read the extension's clock.
/// </summary>
internal sealed partial class ExtensionSupervisor
{
    private bool OnSuspensionMessage(object message)
    {
        switch (message)
        {
            case IdleDue due: OnIdleDue(due); return true;
            case SuspendDue due: OnSuspendDue(due); return true;
            case SuspensionCanceled: Apply(_regular, _regular.Lifecycle.CanceledByPage(KeepAliveCount(_regular))); return true;
            case ContextProtocol.EventHandled handled: OnEventHandled(handled); return true;
            case SupervisorSignals.KeepAliveChanged: KeepAliveChanged(); return true;
            case WorkerOverdue overdue: OnWorkerOverdue(overdue); return true;
            case TerminateBackground terminate: OnTerminateBackground(terminate); return true;
            case GetBackgroundStatus get: Sender.Tell(new BackgroundStatus(get.Label, SlotByLabel(get.Label)?.Phase ?? BackgroundPhase.Stopped)); return true;
            default: return false;
        }
    }

    private void OnIdleDue(IdleDue due)
    {
        if (SlotByLabel(due.Label) is not { } slot) return;
        Apply(slot, slot.Lifecycle.IdleDue(due.Generation, KeepAliveCount(slot), () => _state.Clock.GetUtcNow() - _state.BackgroundActiveAt));
    }

    private void OnSuspendDue(SuspendDue due)
    {
        if (SlotByLabel(due.Label) is { } slot) Apply(slot, slot.Lifecycle.SuspendDue(due.Generation));
    }

    private void OnEventHandled(ContextProtocol.EventHandled handled)
    {
        if (SlotByLabel(handled.Label) is { } slot) Apply(slot, slot.Lifecycle.SuspendListenersDone(handled.Token));
    }

    /// <summary>Something addressed to the background arrived: it resets Firefox's idle wait and cancels a suspension in progress.</summary>
    private void NoteActivity(BackgroundSlot slot)
    {
        if (!slot.Lifecycle.Policy.IsEventPage) return;
        _state.TouchBackground();
        Apply(slot, slot.Lifecycle.Activity(KeepAliveCount(slot)));
    }

    /// <summary>A view opened or closed: Chromium's keep-alive count may have crossed zero.</summary>
    private void KeepAliveChanged()
    {
        foreach (var slot in Slots()) Apply(slot, slot.Lifecycle.KeepAliveChanged(KeepAliveCount(slot)));
    }

    /// <summary>Chromium keeps an event page alive while views other than side panels are open, and while message channels into it are open.</summary>
    private int KeepAliveCount(BackgroundSlot slot) =>
        _views.KeepingAlive(splitProfiles: Manifest.Incognito == IncognitoMode.Split, slot.IsPrivate)
        + (slot.IsPrivate ? 0 : _state.BackgroundChannels);

    /// <summary>Carries out what a background's lifecycle decided.</summary>
    private void Apply(BackgroundSlot slot, IReadOnlyList<LifecycleEffect> effects)
    {
        foreach (var effect in effects)
        {
            switch (effect)
            {
                case LifecycleEffect.ArmTimer arm: ArmTimer(slot, arm); break;
                case LifecycleEffect.CancelTimer: slot.CancelTimer(); break;
                case LifecycleEffect.DispatchOnSuspend dispatch:
                    DispatchTo(slot, new ContextProtocol.DispatchEvent(RuntimeEvents.OnSuspend, EventArguments.None, dispatch.Token), touches: false);
                    break;
                case LifecycleEffect.DispatchOnSuspendCanceled:
                    DispatchTo(slot, new ContextProtocol.DispatchEvent(RuntimeEvents.OnSuspendCanceled, EventArguments.None), touches: false);
                    break;
                case LifecycleEffect.Stop: Stop(slot); break;
            }
        }
    }

    private void ArmTimer(BackgroundSlot slot, LifecycleEffect.ArmTimer arm)
    {
        var self = Self;
        var state = _state;
        object due = arm.Kind == LifecycleTimer.Idle ? new IdleDue(slot.Label, arm.Generation) : new SuspendDue(slot.Label, arm.Generation);
        // Runs on the clock's thread: count the work and hand it to this actor, nothing more.
        slot.ArmTimer(_state.Clock, arm.Delay, () =>
        {
            state.Work.Send(self, due);
        });
    }

    /// <summary>Stops the page: its actor and engine go, references into it turn dead, and the next wake runs its scripts afresh.</summary>
    private void Stop(BackgroundSlot slot)
    {
        var actor = slot.Actor!;
        slot.Reset();
        _state.Work.Send(actor, ContextProtocol.Close.Instance, ActorRefs.Nobody);
        // Nothing left running: a host that keeps extensions in memory only while needed (sharding) may let it go.
        if (_views.Count == 0 && _incognitoSlot?.Actor is null) Context.Parent.Tell(ExtensionIdle.Instance);
    }
}
