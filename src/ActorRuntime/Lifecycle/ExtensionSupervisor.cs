using ActorRuntime.Kernel;
using ActorRuntime.Apis;
using ActorRuntime.Contexts;
using ActorRuntime.Manifest;
using ActorRuntime.Scripting;
using ActorRuntime.Telemetry;
using Akka.Actor;
using static ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol;
using static ActorRuntime.Kernel.SupervisorSignals;
using ContextProtocol = ActorRuntime.Contexts.ContextActor.Protocol;

namespace ActorRuntime.Lifecycle;

/// <summary>
/// One per extension: starts its background (at load when persistent, on demand when it is an event
/// page), opens and closes its views, routes evaluations, and answers getBackgroundPage per flavour.
/// It never touches an engine itself; it hands contexts the realms they may reach.
/// </summary>
internal sealed partial class ExtensionSupervisor : UntypedActor
{
    private const string BackgroundLabel = "background";
    private const string IncognitoBackgroundLabel = "background:incognito";

    private readonly ExtensionKernel _state;
    private readonly OpenViews _views = new();
    // Who waits for a view to load, made with the first (an empty dictionary costs a suspended extension 80 bytes).
    private Dictionary<string, IActorRef>? _openRequestsMade;
    private Dictionary<string, IActorRef> OpenRequests => _openRequestsMade ??= new(StringComparer.Ordinal);
    private readonly BackgroundSlot _regular;
    private BackgroundSlot? _incognitoSlot;

    public ExtensionSupervisor(ExtensionKernel state)
    {
        _state = state;
        _regular = new(BackgroundLabel, false, state.RegularBackground);
    }

    /// <summary>The private profile's background (Firefox and Chromium's split mode), made on first need: most extensions never have one.</summary>
    private BackgroundSlot Incognito => _incognitoSlot ??= new(IncognitoBackgroundLabel, true, _state.NewBackgroundLifecycle());

    /// <summary>The backgrounds that exist.</summary>
    private IEnumerable<BackgroundSlot> Slots() => _incognitoSlot is null ? [_regular] : [_regular, _incognitoSlot];

    // An untyped actor: a ReceiveActor builds its handler table per instance, which a runtime holding
    // thousands of mostly idle extensions pays for thousands of times (about 1 KB each, measured).
    protected override void OnReceive(object message)
    {
        if (_halted && RefuseWhenHalted(message)) return;
        switch (message)
        {
            case Counted counted:
                using (_state.Work.Accept(counted))
                using (RuntimeTelemetry.StartHandling("supervisor", counted.Parent, counted.Message, _state.Package.Id))
                    OnReceive(counted.Message);
                break;
            case Halt halt: OnHalt(halt); break;
            case Start start: OnStart(start); break;
            case InstallChecked check: OnInstallChecked(check); break;
            case OpenView open: OnOpenView(open); break;
            case CloseView close: OnCloseView(close); break;
            case CloseViewRequested request: OnCloseViewRequested(request); break;
            case Evaluate evaluate: SendToContext(evaluate.Label, new ContextProtocol.Evaluate(evaluate.Code)); break;
            case Act act: SendToContext(act.Label, new ContextProtocol.Act(act.Action)); break;
            case ListContexts: Sender.Tell(new ContextList(Labels())); break;
            case GetBackgroundPage request: OnGetBackgroundPage(request); break;
            case WakeBackground wake: OnWakeBackground(wake); break;
            case DispatchBackgroundEvent dispatch: OnDispatchBackgroundEvent(dispatch); break;
            case FireEvent fire: OnFireEvent(fire.EventName, fire.ArgumentsJson, Sender); break;
            case FireFromHost fire: OnFireEvent(fire.EventName, fire.ArgumentsJson, null); break;
            case HostTurns.Wanted: OnHostTurnsWanted(); break;
            case OpenOptionsPage open: OnOpenOptionsPage(open); break;
            case BrowserChanged changed: OnBrowserChanged(changed.Change); break;
            case ClickAction click: OnClickAction(click); break;
            case Apis.Injection.TabInjection injection: OnTabInjection(injection); break;
            case OpenPopup open: OnOpenPopup(open); break;
            case Reload: OnReload(); break;
            case ContextProtocol.ListenersAnswered answered: OnListenersAnswered(answered); break;
            case Storage.ExtensionStorage.Protocol.Call call:
                _storageUsedByScripts = true;
                StorageGuardActor().Forward(call);
                break;
            case Storage.ExtensionStorage.Protocol.Changed changed: OnStorageChanged(changed); break;
            case SaveWebStorage save: OnSaveWebStorage(save); break;
            case SaveBrowserState save: OnSaveBrowserState(save); break;
            case StopWhenSaved: OnStopWhenSaved(); break;
            case Storage.ExtensionStorage.Protocol.StorageAnswer answer: OnWebStorageSaved(answer); break;
            case ContextProtocol.Loaded loaded: OnLoaded(loaded); break;
            case Terminated terminated: OnTerminated(terminated); break;
            default:
                if (!OnSuspensionMessage(message) && !OnPanelMessage(message) && !OnPageRulesMessage(message)) Unhandled(message);
                break;
        }
    }

    // Arguments, not a constructor expression: Akka compiles an expression's arguments on every spawn.
    internal static Props Props(ExtensionKernel state)
    {
        var props = Akka.Actor.Props.Create<ExtensionSupervisor>(state).WithMailbox(RuntimeSettings.SupervisorMailboxId);
        return state.Options.SupervisorDispatcher is { Length: > 0 } dispatcher ? props.WithDispatcher(dispatcher) : props;
    }

    private ExtensionManifest Manifest => _state.Manifest;

    protected override void PreStart()
    {
        _state.Supervisor = Self;
        LiveExtensions.Add(_state);
        FollowBrowser();
        // A restarted supervisor starts with no contexts (its children stopped): so does the regular background's
        // lifecycle, which outlives the supervisor instance in the extension's state.
        _regular.Lifecycle.Stopped();
        // Alarms outlive a supervisor's restart, as they outlive its background.
        _state.AlarmsIfAny?.Resume();
    }

    // Armed idle and suspend timers would otherwise keep the whole extension reachable until they fire.
    protected override void PostStop()
    {
        LiveExtensions.Remove(_state);
        _regular.CancelTimer();
        _incognitoSlot?.CancelTimer();
        _browserSubscription?.Dispose();
        _state.AlarmsIfAny?.Pause();
        ForgetWebStorageSaves();
        // Every context has stopped (children stop first), so no turn can run: the engines go now, even while something
        // still holds the state (a host's handle; an idle dispatcher thread keeps the last mailbox it ran, props and all).
        _state.ReleaseRealms();
    }

    // A context that throws outside a script is stopped, not restarted: its realm is gone and a fresh
    // one would silently lose the page's state. Callers see dead objects, as after an unload.
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);

    private void OnOpenOptionsPage(OpenOptionsPage open)
    {
        if (Manifest.OptionsPage is null)
            Fail(_state.Flavor == Flavor.Chrome ? "Could not create an options page." : "No `options_ui` declared");
        else if (_views.Contains(OptionsLabel)) Sender.Tell(OptionsPageShown.Instance);
        else OnOpenView(new OpenView(OptionsLabel, open.IsPrivate));
    }

    private const string OptionsLabel = "options";

    private void OnOpenView(OpenView open)
    {
        if (open.Private && !BackgroundPagePolicy.RunsInPrivateWindows(_state.Flavor, Manifest))
        {
            Fail($"extension \"{_state.Package.Id}\" does not run in private windows (manifest incognito: \"{ManifestIncognito()}\", flavor {_state.Flavor.ToString().ToLowerInvariant()})");
            return;
        }
        ContextInfo info;
        ContextSource source;
        try
        {
            (info, source) = ViewTargets.Resolve(_state.Package, _state.Identity.BaseUrl, open.Target, open.Private, open.PageHtml, open.PopupPath, RegisteredScriptsFor(open.Target), ChromiumPanelPath());
        }
        catch (ExtensionRequestException ex)
        {
            Sender.Tell(new Status.Failure(ex));
            return;
        }
        if (_views.Contains(info.Label) || info.Label is BackgroundLabel or IncognitoBackgroundLabel)
        {
            Fail($"\"{info.Label}\" is already open");
            return;
        }
        // A web page or an extension page in a tab: the tab opens in the browser, active in its window.
        if (info.Kind is ContextKind.ContentScript or ContextKind.Tab)
        {
            if (OpenTab(info, source) is not { } tab) return;
            info = info with { TabId = tab.Id, DocumentId = tab.DocumentId };
        }
        SpawnView(info, source, Sender);
    }

    /// <summary>Starts the context of a view; <paramref name="opener"/> hears when it has loaded (nobody for a tab the browser opened).</summary>
    private void SpawnView(ContextInfo info, ContextSource source, IActorRef opener)
    {
        // Chromium split mode: the incognito profile gets its own background with the first private view.
        if (info.IsPrivate && _state.Flavor == Flavor.Chrome && Manifest.Incognito == IncognitoMode.Split && _state.HasBackground)
            EnsureStarted(Incognito);

        _state.Work.Begin(); // the context's loading, ended when its Loaded is handled
        var child = Context.ActorOf(ContextActor.Props(_state, info, source).WithDispatcher(RuntimeSettings.ScriptDispatcherId), ChildName(info.Label));
        Context.Watch(child);
        _views.Add(info, child);
        OpenRequests[info.Label] = opener;
        KeepAliveChanged();
        FollowBrowser();
    }

    private void OnCloseView(CloseView close)
    {
        if (_views.Remove(close.Label, out var view, out var closed))
        {
            TabClosedWithView(closed);
            // Before the close can be answered: a caller that sees "closed" must also see the idle wait it started.
            KeepAliveChanged();
            view.Tell(ContextProtocol.Close.Instance, Sender);
            return;
        }
        var slot = SlotByLabel(close.Label);
        if (slot?.Actor is { } background)
        {
            slot.Reset();
            background.Tell(ContextProtocol.Close.Instance, Sender);
            return;
        }
        Fail(NoSuchContext(close.Label));
    }

    /// <summary>A page's <c>window.close()</c>: the view goes as if closed from outside (unless it is going already, or a new view has its label).</summary>
    private void OnCloseViewRequested(CloseViewRequested request)
    {
        if (!_views.TryGet(request.Label, out var view) || !view.Equals(Sender)) return;
        _views.Remove(request.Label, out _, out var closed);
        TabClosedWithView(closed);
        KeepAliveChanged();
        view.Tell(ContextProtocol.Close.Instance, ActorRefs.Nobody);
    }

    /// <summary>A request for the context with that label (an evaluation, a page action), waking the background if it is the one asked.</summary>
    private void SendToContext(string label, object message)
    {
        var replyTo = Sender;
        if (_views.TryGet(label, out var view))
        {
            _state.Work.Send(view, message, replyTo);
            return;
        }
        if (SlotByLabel(label, makeIncognito: true) is { } slot && _state.HasBackground)
        {
            WhenLoaded(slot, () => _state.Work.Send(slot.Actor!, message, replyTo));
            return;
        }
        Fail(NoSuchContext(label));
    }

    /// <summary>A context's loading was counted as work when it was spawned; it ends once this is handled (what follows happens before "settled").</summary>
    private void OnLoaded(ContextProtocol.Loaded loaded)
    {
        try
        {
            HandleLoaded(loaded);
        }
        finally
        {
            _state.Work.End();
        }
    }

    private void HandleLoaded(ContextProtocol.Loaded loaded)
    {
        var background = SlotByLabel(loaded.Label);
        // Taken first, and from a worker replaced since too: the supervisor must not answer what the worker did.
        if (loaded.WakeAnswered) background?.WakeAnsweredBy(Sender);
        if (background is { } slot && ReferenceEquals(slot.Actor, Sender))
        {
            // Running (and its idle wait armed) before whoever waited goes on: what they do is then measured from here. (A wake
            // the worker answered itself went on already, on the worker's turn; what it did reaches here after this message.)
            Apply(slot, slot.Lifecycle.Loaded(KeepAliveCount(slot)));
            slot.MarkLoaded(loaded.Realm!, loaded.PageFailure ?? loaded.ScriptFailure);
            return;
        }
        if (!OpenRequests.Remove(loaded.Label, out var opener)) return;
        if (loaded.PageFailure is not null)
        {
            _views.Remove(loaded.Label, out _);
            Sender.Tell(ContextProtocol.Close.Instance, ActorRefs.Nobody);
            opener.Tell(new Status.Failure(new ExtensionRequestException($"cannot open \"{loaded.Label}\": {loaded.PageFailure}")));
            return;
        }
        opener.Tell(new ViewOpened(loaded.Label));
    }

    private void OnTerminated(Terminated terminated)
    {
        FiringContextStopped(terminated.ActorRef);
        foreach (var label in _views.RemoveActor(terminated.ActorRef))
        {
            KeepAliveChanged();
            if (OpenRequests.Remove(label, out var opener))
                opener.Tell(new Status.Failure(new ExtensionRequestException($"\"{label}\" stopped while opening")));
        }
        foreach (var slot in Slots())
        {
            if (!terminated.ActorRef.Equals(slot.Actor)) continue;
            slot.Reset();
        }
        FollowBrowser();
    }

    private void WhenLoaded(BackgroundSlot slot, Action action)
    {
        if (slot.IsLoaded)
        {
            action();
            return;
        }
        slot.Waiting.Add(action);
        EnsureStarted(slot);
    }

    private void EnsureStarted(BackgroundSlot slot, ContextProtocol.AnswerWhenLoaded? wake = null)
    {
        if (slot.Actor is not null) return;
        var (info, source) = BackgroundContext(slot);
        if (!slot.IsPrivate) RuntimeTelemetry.BackgroundStarting(_state.Package.Id, slot.Lifecycle.Starts,
            _state.IsServiceWorker ? "service_worker" : Manifest.Background.Persistent ? "persistent" : "event_page");
        _state.Work.Begin(); // the background's loading, ended when its Loaded is handled
        slot.MarkStarting(Context.ActorOf(ContextActor.Props(_state, info, source, wake).WithDispatcher(RuntimeSettings.ScriptDispatcherId), ChildName(slot.Label)));
        Context.Watch(slot.Actor);
        FollowBrowser();
    }

    /// <summary>What the background of <paramref name="slot"/> is: a page (declared, or generated around its scripts) or a service worker.</summary>
    private (ContextInfo Info, ContextSource Source) BackgroundContext(BackgroundSlot slot)
    {
        var background = Manifest.Background;
        if (_state.IsServiceWorker)
        {
            var script = _state.Package.Resolve(background.ServiceWorker!);
            return (new ContextInfo(slot.Label, ContextKind.Background, slot.IsPrivate, _state.Identity.BaseUrl + script) { IsServiceWorker = true },
                ContextSource.Worker(script, background.IsModule));
        }
        var url = _state.Identity.BaseUrl + (background.Kind == BackgroundKind.Page ? background.Page : "_generated_background_page.html");
        return (new ContextInfo(slot.Label, ContextKind.Background, slot.IsPrivate, url),
            background.Kind == BackgroundKind.Page ? ContextSource.Page(_state.Package.Resolve(background.Page!)) : ContextSource.Scripts(background.Scripts));
    }

    /// <summary>The background a label names; the private one only once made, unless <paramref name="makeIncognito"/> (an evaluation starts it).</summary>
    private BackgroundSlot? SlotByLabel(string label, bool makeIncognito = false) => label switch
    {
        BackgroundLabel => _regular,
        IncognitoBackgroundLabel => makeIncognito ? Incognito : _incognitoSlot,
        _ => null,
    };

    private IReadOnlyList<string> Labels()
    {
        var labels = new List<string>();
        if (_regular.Actor is not null) labels.Add(BackgroundLabel);
        if (_incognitoSlot?.Actor is not null) labels.Add(IncognitoBackgroundLabel);
        labels.AddRange(_views.Labels);
        return labels;
    }

    private string NoSuchContext(string label) => $"no open context labelled \"{label}\" (open: {string.Join(", ", Labels().DefaultIfEmpty("none"))})";

    private string ManifestIncognito() => Manifest.Incognito switch
    {
        IncognitoMode.Split => "split",
        IncognitoMode.NotAllowed => "not_allowed",
        _ => "spanning",
    };

    private void Fail(string message) => Sender.Tell(new Status.Failure(new ExtensionRequestException(message)));

    private static int _childCounter;

    private static string ChildName(string label) =>
        Uri.EscapeDataString(label).Replace("%", "_") + "-" + Interlocked.Increment(ref _childCounter);
}
