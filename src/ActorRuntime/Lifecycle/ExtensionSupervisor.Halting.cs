using ActorRuntime.Contexts;
using Akka.Actor;
using static ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol;
using static ActorRuntime.Kernel.SupervisorSignals;
using ContextProtocol = ActorRuntime.Contexts.ContextActor.Protocol;

namespace ActorRuntime.Lifecycle;

/// <summary>Stopping an extension as a whole when it passes a limit that holds over time, and refusing it afterwards.</summary>
internal sealed partial class ExtensionSupervisor
{
    // The reason itself is the extension state's (set by the context that saw the limit passed); this says the
    // supervisor has stopped the contexts and refuses requests from now on.
    private bool _halted;

    private string HaltedMessage => $"extension \"{_state.Package.Id}\" was stopped: {_state.HaltReason}";

    private void OnHalt(Halt halt)
    {
        _halted = true;
        _state.Report(new ConsoleEntry("extension", "error", "extension stopped: " + halt.Reason));
        Context.System.EventStream.Publish(new ExtensionHalted(_state.Package.Id, halt.Reason));
        // Stopped, not only disarmed: a timer report already queued then finds its generation stale.
        foreach (var slot in Slots())
        {
            slot.CancelTimer();
            slot.Lifecycle.Stopped();
        }
        _state.AlarmsIfAny?.Pause();
        foreach (var view in _views.Actors) view.Tell(ContextProtocol.StopHalted.Instance);
        foreach (var slot in Slots())
            if (slot.Actor is { } background) background.Tell(ContextProtocol.StopHalted.Instance);
        var failure = new Status.Failure(new ExtensionFailedException(HaltedMessage));
        foreach (var opener in OpenRequests.Values) opener.Tell(failure);
        OpenRequests.Clear();
    }

    /// <summary>Answers what a stopped extension cannot do; true when <paramref name="message"/> was dealt with.</summary>
    private bool RefuseWhenHalted(object message)
    {
        switch (message)
        {
            case Halt:
                return true;
            case Evaluate or Act:
                // Answered before the work ends: a caller that sees the extension settled must find the answer there.
                Sender.Tell(new Status.Failure(new ExtensionFailedException(HaltedMessage)));
                return true;
            case OpenView or CloseView or DispatchBackgroundEvent:
                Sender.Tell(new Status.Failure(new ExtensionFailedException(HaltedMessage)));
                return true;
            case GetBackgroundPage or WakeBackground:
                // Asked by contexts that are being stopped with the extension.
                return true;
            default:
                return false;
        }
    }
}
