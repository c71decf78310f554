using ActorRuntime.Kernel;
using ActorRuntime.Apis;
using Akka.Actor;
using static ActorRuntime.Contexts.ContextActor.Protocol;

namespace ActorRuntime.Contexts;

/// <summary>A context going: asked by its page (<c>window.close()</c>) or its supervisor, and what it owed others settled.</summary>
internal sealed partial class ContextActor
{
    private bool _closeRequested;

    /// <summary>The page called <c>window.close()</c>: the supervisor closes this view after the turn; that counts as work until it has.</summary>
    private void RequestClose()
    {
        if (_closeRequested) return;
        _closeRequested = true;
        _extension.Work.Begin();
        _extension.Supervisor.Tell(new SupervisorSignals.CloseViewRequested(_info.Label), _self);
    }

    private void EndRequestedClose()
    {
        if (!_closeRequested) return;
        _closeRequested = false;
        _extension.Work.End();
    }

    private void Unload(Close close, IActorRef replyTo)
    {
        _closed = true;
        _timers.CancelAll();
        _requests.Abandon();
        // Requests queued behind the close get an answer rather than silence.
        while (_pending.TryDequeue(out var work))
        {
            if (work.Message is Counted counted) _extension.Work.Drop(counted);
            // An injection that never ran: its caller hears the document went.
            (Counted.Unwrap(work.Message) as Apis.Injection.TabInjection)?.Abandon();
            if (Counted.Unwrap(work.Message) is not (Evaluate or Act)) continue;
            work.Sender.Tell(new Status.Failure(new ExtensionRequestException($"\"{_info.Label}\" was closed before it could evaluate")));
        }
        ReleaseRealms();
        replyTo.Tell(new Closed(_info.Label));
        EndRequestedClose();
        Context.Stop(Self);
    }

    /// <summary>The page goes (closed, or navigated away from): what it owed others is settled and its objects die.</summary>
    private void ReleaseRealms()
    {
        if (_realm is not { } realm) return;
        // What the runtime itself posts while a context goes is not the extension's flood: never refused.
        using var exempt = _extension.Loop.ExemptFromLimit();
        // Listeners here promised responses they can no longer give: their senders hear the port closed.
        foreach (var exchange in realm.AwaitingResponse.ToList())
            if (!exchange.IsSettled) exchange.Done(hadListener: true);
        realm.AwaitingResponse.Clear();
        // Ports of a context that goes are disconnected: the other ends' onDisconnect fires.
        foreach (var end in realm.OpenPorts.ToList()) end.Close(notify: true);
        if (_info is { Kind: ContextKind.Background, IsPrivate: false }) _extension.PrimedEvents = realm.EventsWithListeners();
        // Injections awaiting a promise of this page: their callers hear the document went.
        Apis.Injection.PendingInjections.Abandon(realm);
        Apis.Injection.PendingInjections.Abandon(_webPage);
        realm.Kill();
        _extension.Unregister(realm);
        if (_webPage is { } page)
        {
            page.Kill();
            _extension.Unregister(page);
        }
        // Its ports and owed responses are gone with it.
        _extension.ChannelsChanged();
    }
}
