using ActorRuntime.Apis;
using ActorRuntime.Kernel;
using Akka.Actor;
using static ActorRuntime.Contexts.ContextActor.Protocol;

namespace ActorRuntime.Contexts;

/// <summary>
/// The background asked for: this context's requests for it (a wake for a message or connection, getBackgroundPage),
/// and, as a background being started, its own answers to them on the turn its scripts ran.
/// </summary>
internal sealed partial class ContextActor
{
    /// <summary>The wake this context (a service worker) was started for, answered by <see cref="AnswerWake"/>.</summary>
    private readonly AnswerWhenLoaded? _wake;

    /// <summary>The wake this context was started for has been answered (the supervisor answers it otherwise).</summary>
    private bool _wakeAnswered;

    /// <summary>
    /// Answers the wake this worker was started for, on this turn (the message is delivered after the script ran and
    /// its microtasks with it), not on the supervisor's turn after the Loaded message: one hop fewer to the first event.
    /// </summary>
    private void AnswerWake()
    {
        if (_wake is not { } wake) return;
        AnswerRequester(wake);
        _wakeAnswered = true;
    }

    void IContextHost.WakeBackground(Action<ContextRealm?> onReady) =>
        _extension.Supervisor.Tell(new SupervisorSignals.WakeBackground(_requests.Register<BackgroundAnswer>(answer =>
        {
            // A worker started for this message or connection hears it as the event that woke it.
            if (answer is { Woke: true, Window: { } worker }) worker.AsWaking(() => onReady(worker));
            else onReady(answer.Window);
        }), _info.IsPrivate), _self);

    void IContextHost.RequestBackgroundPage(Action<BackgroundAnswer> onAnswer) =>
        _extension.Supervisor.Tell(new SupervisorSignals.GetBackgroundPage(_requests.Register(onAnswer), _info.IsPrivate), _self);

    /// <summary>
    /// This background was woken by a page's getBackgroundPage, or (a service worker) started for a message or connection:
    /// settle it here, as a task of the loop. A wake's requester may be the host's turns (an event the host fires), which
    /// hear the same reply as a message (from this worker rather than the supervisor).
    /// </summary>
    private void AnswerRequester(AnswerWhenLoaded answer)
    {
        var realm = _realm!;
        var answerToGive = answer.Wake ? new BackgroundAnswer(realm, null) { Woke = true }
            : _loadFailure is not null && _extension.Flavor == Flavor.Chrome
                ? new BackgroundAnswer(null, BackgroundPagePolicy.ChromeFailedToLoad)
                : new BackgroundAnswer(realm, null);
        var reply = new SupervisorSignals.BackgroundPageReply(answer.RequestId, answerToGive);
        // A requester that has gone already ended its request when it unloaded.
        if (_extension.Realms.FirstOrDefault(r => !r.IsDead && r.Owner.Equals(answer.Requester)) is { Host: { } host } requester)
        {
            // The runtime's own task: not counted against what the extension's scripts may queue.
            using var exempt = _extension.Loop.ExemptFromLimit();
            _extension.Loop.Post(requester, () => host.AnswerBackgroundRequest(reply));
        }
        else if (answer.Wake && !_extension.Realms.Any(r => r.Owner.Equals(answer.Requester)))
            answer.Requester.Tell(reply);
    }

    void IContextHost.AnswerBackgroundRequest(SupervisorSignals.BackgroundPageReply reply) => AnswerBackgroundRequest(reply);

    private void AnswerBackgroundRequest(SupervisorSignals.BackgroundPageReply reply) => _requests.Complete(reply.RequestId, reply.Answer);
}
