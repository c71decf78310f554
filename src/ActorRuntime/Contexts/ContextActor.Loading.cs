using ActorRuntime.Kernel;
using ActorRuntime.Apis;
using Akka.Actor;
using static ActorRuntime.Contexts.ContextActor.Protocol;

namespace ActorRuntime.Contexts;

/// <summary>Setting a context up: its realm and APIs, its document and scripts (and a tab's web page beside it), and acting on its page.</summary>
internal sealed partial class ContextActor
{
    private void LoadScripts(IActorRef supervisor)
    {
        // Loading counts as work until the supervisor takes the Loaded message, so it is always sent.
        try
        {
            LoadScriptsOnce(supervisor);
        }
        catch (Exception ex)
        {
            supervisor.Tell(new Loaded(_info.Label, "the page could not be set up: " + ex.Message, null) { Realm = _realm, WakeAnswered = _wakeAnswered });
            throw;
        }
    }

    private void LoadScriptsOnce(IActorRef supervisor)
    {
        var (pageFailure, scriptFailure) = SetUpPage();
        if (_dom is { } tabDocument) Dom.SelectorWatch.Attach(tabDocument);
        // A page in a tab names the tab: its document's title, once loaded (the browser shows the address until then).
        // (An empty page the runtime made for a tab is titled with its address: that is no title of its own.)
        if (_info is { Kind: ContextKind.ContentScript or ContextKind.Tab, TabId: { } tabId, FrameId: 0 } && _dom?.Document.Title is { Length: > 0 } title && title != _info.Url)
            _extension.Browser.Titled(tabId, _info.Url, title);
        AnswerWake();
        supervisor.Tell(new Loaded(_info.Label, pageFailure, scriptFailure) { Realm = _realm, WakeAnswered = _wakeAnswered });
    }

    /// <summary>A new realm for the page, its APIs and document, its scripts run: what failed to load, if anything.</summary>
    private (string? PageFailure, string? ScriptFailure) SetUpPage()
    {
        _realm = new ContextRealm(_info, _extension) { Owner = _self, Host = this };
        BrowserNamespace.Install(this);
        _extension.Register(_realm);
        // The page's scripts get the whole budget: setting up the engine and its APIs is the runtime's work, not theirs.
        _extension.Budget.Arm();
        if (_info.Kind == ContextKind.ContentScript) _webPage = StartWebPage();
        var (dom, pageFailure, scriptFailure) = PageLoader.Load(_realm, _extension.Catalog, _source, _webPage);
        _dom = dom;
        if (dom is not null)
        {
            dom.Navigate = RequestNavigation;
            dom.CloseRequested = RequestClose;
            // window.close() while the page loaded: the view opens, then closes.
            if (dom.Closed) RequestClose();
        }
        _loadFailure = pageFailure ?? scriptFailure;
        return (pageFailure, scriptFailure);
    }

    private ContextRealm StartWebPage()
    {
        var host = new WebPageHost(_extension, _timers, ((IContextHost)this).Fetch);
        var info = new ContextInfo("tab:" + _info.Url, ContextKind.WebPage, _info.IsPrivate, _info.Url) { TabId = _info.TabId, FrameId = _info.FrameId, DocumentId = _info.DocumentId };
        var realm = new ContextRealm(info, _extension) { Owner = _self, Host = host };
        host.Realm = realm;
        BrowserNamespace.InstallWebPlatform(host);
        _extension.Register(realm);
        return realm;
    }

    private void PerformAction(PageAction action, IActorRef replyTo)
    {
        (string? Output, string? Problem) outcome = (null, "this context has no document");
        // The user acts: the page's listeners, in this world and the web page's own, handle the user's input.
        if (_dom is { } dom)
            _realm!.HandleUserInput(() =>
            {
                if (_webPage is { } page) page.HandleUserInput(() => outcome = Dom.PageActions.Perform(dom, action));
                else outcome = Dom.PageActions.Perform(dom, action);
            });
        var (output, problem) = outcome;
        _extension.ReplyAfterJobs(replyTo, mark => new Acted(output, problem) { ConsoleMark = mark });
    }
}
