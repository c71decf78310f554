using ActorRuntime.Apis;
using ActorRuntime.Kernel;
using Akka.Actor;
using static ActorRuntime.Kernel.SupervisorSignals;
using static ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol;
using ContextProtocol = ActorRuntime.Contexts.ContextActor.Protocol;

namespace ActorRuntime.Lifecycle;

/// <summary>
/// The background asked for from a context: <c>getBackgroundPage()</c> answered per flavour (spec section 2), and the
/// wake a message or connection needs (a service worker started for it hears it as the event that woke it).
/// </summary>
internal sealed partial class ExtensionSupervisor
{
    private void OnGetBackgroundPage(GetBackgroundPage request)
    {
        var requester = Sender;
        void Reply(BackgroundAnswer answer) => requester.Tell(new BackgroundPageReply(request.RequestId, answer));

        switch (BackgroundPagePolicy.DecideAsync(_state.Flavor, Manifest, request.CallerIsPrivate))
        {
            case AsyncLookup.Reject reject:
                Reply(new BackgroundAnswer(null, reject.Message));
                break;
            case AsyncLookup.Null { WakeFirst: false }:
                Reply(BackgroundAnswer.Null);
                break;
            case AsyncLookup.Null:
                WhenLoaded(_regular, () => Reply(BackgroundAnswer.Null));
                break;
            case AsyncLookup.Window window:
                var slot = window.Profile == BackgroundProfile.Incognito ? Incognito : _regular;
                // A wake request: it does not reset the idle wait of a running page, but it cancels a suspension.
                Apply(slot, slot.Lifecycle.WakeRequested(KeepAliveCount(slot)));
                if (slot.IsLoaded)
                {
                    Reply(slot.Failure is not null && _state.Flavor == Flavor.Chrome
                        ? new BackgroundAnswer(null, BackgroundPagePolicy.ChromeFailedToLoad)
                        : new BackgroundAnswer(slot.Realm, null));
                    break;
                }
                // Waking: the page itself answers once its scripts have run, on the same turn, with no hop back through here.
                EnsureStarted(slot);
                slot.Actor!.Tell(new ContextProtocol.AnswerWhenLoaded(requester, request.RequestId));
                break;
        }
    }

    private void OnWakeBackground(WakeBackground wake)
    {
        var requester = Sender;
        var slot = wake.CallerIsPrivate && MessageDelivery.SplitProfiles(_state) ? Incognito : _regular;
        var woke = _state.IsServiceWorker && !slot.IsLoaded;
        void Reply(ContextRealm? realm) => requester.Tell(new BackgroundPageReply(wake.RequestId, new BackgroundAnswer(realm, null) { Woke = woke }));
        if (!_state.HasBackground)
        {
            Reply(null);
            return;
        }
        NoteActivity(slot);
        if (woke && slot.Actor is null)
        {
            // Started for this wake: the worker answers it itself on the turn its script ran, with no hop back through
            // here; the supervisor answers only a worker that could not (its set-up failed before it answered).
            EnsureStarted(slot, new ContextProtocol.AnswerWhenLoaded(requester, wake.RequestId) { Wake = true });
            slot.WhenLoadedUnlessWakeAnswered(() => Reply(slot.Realm));
            return;
        }
        WhenLoaded(slot, () => Reply(slot.Realm));
    }
}
