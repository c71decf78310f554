using ActorRuntime.Apis;
using ActorRuntime.Manifest;
using Akka.Actor;
using static ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol;
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
    private long _nextSuspendToken;

    private bool IsEventPage => Manifest.Background.Kind is BackgroundKind.Scripts or BackgroundKind.Page && !Manifest.Background.Persistent;
    private bool FollowsChrome => _state.Flavor == Flavor.Chrome;
    private EventPageOptions EventPages => _state.Options.EventPages;

    private bool OnSuspensionMessage(object message)
    {
        switch (message)
        {
            case IdleDue due: Counted(() => OnIdleDue(due)); return true;
            case SuspendDue due: Counted(() => OnSuspendDue(due)); return true;
            case SuspensionCanceled: Counted(OnSuspensionCanceled); return true;
            case ContextProtocol.EventHandled handled: Counted(() => OnEventHandled(handled)); return true;
            case Protocol.KeepAliveChanged: Counted(KeepAliveChanged); return true;
            case GetBackgroundStatus get: Sender.Tell(new BackgroundStatus(get.Label, SlotByLabel(get.Label)?.Phase ?? BackgroundPhase.Stopped)); return true;
            default: return false;
        }
    }

    /// <summary>The page cancelled its own suspension on activity (and fired onSuspendCanceled): follow it.</summary>
    private void OnSuspensionCanceled()
    {
        if (_regular.Phase != BackgroundPhase.Suspending) return;
        _regular.MarkResumed();
        ArmIdle(_regular);
    }

    /// <summary>
    /// Handles a message its sender counted as outstanding work, ending that work only after the handler has
    /// counted whatever it started: ending it first would let "settled" be seen in between.
    /// </summary>
    private void Counted(Action handle)
    {
        try
        {
            handle();
        }
        finally
        {
            _state.EndWork();
        }
    }

    private void SetPhase(BackgroundSlot slot)
    {
        if (ReferenceEquals(slot, _regular)) _state.RegularBackgroundPhase = slot.Phase;
    }

    /// <summary>(Re)starts the idle wait of a running event page, or stops it while Chromium's keep-alive count is above zero.</summary>
    private void ArmIdle(BackgroundSlot slot)
    {
        if (!IsEventPage || slot.Phase != BackgroundPhase.Running) return;
        if (FollowsChrome && KeepAliveCount(slot) > 0)
        {
            slot.CancelTimer();
            return;
        }
        ArmSlotTimer(slot, IdleDelay, generation => new IdleDue(slot.Label, generation));
    }

    private TimeSpan IdleDelay => FollowsChrome ? EventPages.ChromeIdleTimeout : EventPages.FirefoxIdleTimeout;

    private void ArmSlotTimer(BackgroundSlot slot, TimeSpan delay, Func<long, object> message)
    {
        var self = Self;
        var state = _state;
        // Runs on the clock's thread: count the work and hand it to this actor, nothing more.
        slot.ArmTimer(_state.Clock, delay, generation =>
        {
            state.BeginWork();
            self.Tell(message(generation));
        });
    }

    private void OnIdleDue(IdleDue due)
    {
        if (SlotByLabel(due.Label) is not { } slot || slot.Generation != due.Generation || slot.Phase != BackgroundPhase.Running) return;
        if (FollowsChrome && KeepAliveCount(slot) > 0) return;
        BeginSuspending(slot);
    }

    private void BeginSuspending(BackgroundSlot slot)
    {
        // Phase first, then the last activity: a message the page takes meanwhile either shows here or sees the phase and cancels.
        var token = ++_nextSuspendToken;
        slot.MarkSuspending(token);
        SetPhase(slot);
        var quietFor = _state.Clock.GetUtcNow() - _state.BackgroundActiveAt;
        if (quietFor < IdleDelay)
        {
            // Activity came in after all: quietly back to running (unless the page saw the phase and cancelled itself).
            if (!ReferenceEquals(slot, _regular) || _state.TryCancelSuspension())
            {
                slot.MarkResumed();
                ArmSlotTimer(slot, IdleDelay - quietFor, generation => new IdleDue(slot.Label, generation));
            }
            return;
        }
        DispatchTo(slot, new ContextProtocol.DispatchEvent(RuntimeEvents.OnSuspend, _ => [], token), touches: false);
        var cap = FollowsChrome ? EventPages.ChromeSuspendingTime : EventPages.FirefoxSuspendTimeout;
        ArmSlotTimer(slot, cap, generation => new SuspendDue(slot.Label, generation));
    }

    private void OnEventHandled(ContextProtocol.EventHandled handled)
    {
        // Firefox stops as soon as every onSuspend listener is done; Chromium waits out its suspending time regardless.
        if (FollowsChrome) return;
        if (SlotByLabel(handled.Label) is { Phase: BackgroundPhase.Suspending } slot && slot.SuspendToken == handled.Token) Suspend(slot);
    }

    private void OnSuspendDue(SuspendDue due)
    {
        if (SlotByLabel(due.Label) is { Phase: BackgroundPhase.Suspending } slot && slot.Generation == due.Generation) Suspend(slot);
    }

    /// <summary>Stops the page: its actor and engine go, references into it turn dead, and the next wake runs its scripts afresh.</summary>
    private void Suspend(BackgroundSlot slot)
    {
        var actor = slot.Actor!;
        slot.Reset();
        SetPhase(slot);
        _state.BeginWork();
        actor.Tell(ContextProtocol.Close.Counted, ActorRefs.Nobody);
        // Nothing left running: a host that keeps extensions in memory only while needed (sharding) may let it go.
        if (_views.Count == 0 && _incognito.Actor is null) Context.Parent.Tell(ExtensionIdle.Instance);
    }

    /// <summary>Suspension cancelled: back to running, <c>onSuspendCanceled</c>, and a new idle wait.</summary>
    private void Resume(BackgroundSlot slot)
    {
        // The regular page may have cancelled itself already (it then fired onSuspendCanceled and tells us so).
        var cancelledHere = !ReferenceEquals(slot, _regular) || _state.TryCancelSuspension();
        slot.MarkResumed();
        if (cancelledHere) DispatchTo(slot, new ContextProtocol.DispatchEvent(RuntimeEvents.OnSuspendCanceled, _ => []), touches: false);
        ArmIdle(slot);
    }

    /// <summary>Something addressed to the background arrived: it resets Firefox's idle wait and cancels a suspension in progress.</summary>
    private void NoteActivity(BackgroundSlot slot)
    {
        if (!IsEventPage) return;
        _state.TouchBackground();
        if (slot.Phase == BackgroundPhase.Suspending) Resume(slot);
        else if (FollowsChrome) ArmIdle(slot);
    }

    /// <summary>Chromium keeps an event page alive while views other than side panels are open, and while message channels into it are open.</summary>
    private int KeepAliveCount(BackgroundSlot slot) =>
        _views.Keys.Count(label => label != "sidebar" && !label.StartsWith("content:", StringComparison.Ordinal)
                                   && (Manifest.Incognito != IncognitoMode.Split || IsPrivateLabel(label) == slot.IsPrivate))
        + (ReferenceEquals(slot, _regular) ? _state.BackgroundChannels : 0);

    private bool IsPrivateLabel(string label) => _privateViews.Contains(label);

    /// <summary>A view opened or closed: Chromium's keep-alive count may have crossed zero.</summary>
    private void KeepAliveChanged()
    {
        if (!IsEventPage || !FollowsChrome) return;
        foreach (var slot in new[] { _regular, _incognito })
        {
            if (slot.Phase == BackgroundPhase.Suspending && KeepAliveCount(slot) > 0) Resume(slot);
            else if (slot.Phase == BackgroundPhase.Running && (KeepAliveCount(slot) > 0 || !slot.HasTimer)) ArmIdle(slot);
        }
    }
}
