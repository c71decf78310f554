using ActorRuntime.Kernel;
using Akka.Actor;
using static ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol;
using static ActorRuntime.Kernel.SupervisorSignals;

namespace ActorRuntime.Lifecycle;

/// <summary>
/// A background ended before its idle time: a service worker whose event or fetch outran Chromium's limits, and the
/// harness's <c>--terminate</c>, which shows what the next event finds after a fresh start.
/// </summary>
internal sealed partial class ExtensionSupervisor
{
    private void OnWorkerOverdue(WorkerOverdue overdue)
    {
        // Only the worker still running: a report about one stopped since (or restarted) is stale.
        if (Slots().FirstOrDefault(slot => slot.Actor is not null && ReferenceEquals(slot.Realm, overdue.Worker)) is not { } slot) return;
        _state.Report(new ConsoleEntry(slot.Label, "warn", "service worker stopped: " + overdue.Why));
        Stop(slot);
    }

    private void OnTerminateBackground(TerminateBackground terminate)
    {
        if (SlotByLabel(terminate.Label) is not { } slot)
        {
            Fail($"cannot terminate \"{terminate.Label}\": only a background can be terminated (background, background:incognito)");
            return;
        }
        if (!_state.HasBackground)
        {
            Fail($"cannot terminate \"{terminate.Label}\": the extension has no background that runs in flavour {_state.Flavor.ToString().ToLowerInvariant()}");
            return;
        }
        if (!_state.BackgroundIsLazy)
        {
            Fail($"cannot terminate \"{terminate.Label}\": it is a persistent background page, which browsers never suspend");
            return;
        }
        var running = slot.Actor is not null;
        if (running && slot.Phase == BackgroundPhase.Starting)
        {
            // Still loading: terminated once its scripts have run, as a browser would stop it then.
            WhenLoaded(slot, () => Apply(slot, slot.Lifecycle.TerminateRequested()));
        }
        else if (running) Apply(slot, slot.Lifecycle.TerminateRequested());
        Sender.Tell(new BackgroundTerminated(slot.Label, running));
    }
}
