using ActorRuntime.Apis;
using ActorRuntime.Apis.Tabs;
using ActorRuntime.Browsing;
using ActorRuntime.Contexts;
using ActorRuntime.Kernel;
using Akka.Actor;
using ContextProtocol = ActorRuntime.Contexts.ContextActor.Protocol;

namespace ActorRuntime.Lifecycle;

/// <summary>
/// The extension in the browser's tabs: a view opened in a tab opens the tab; every navigation of a tab gets the
/// extension's content scripts (or its own page) afresh, in a new context, as browsers inject them; and every change of
/// the browser is fired as its event (<c>tabs.onUpdated</c>, ...) in the contexts that listen, waking an event page that
/// listened, with what the extension may see of the tabs.
/// </summary>
internal sealed partial class ExtensionSupervisor
{
    /// <summary>A change of the browser, published to every extension of the runtime.</summary>
    private sealed record BrowserChanged(BrowserEvent Change) : INoSerializationVerificationNeeded;

    private IDisposable? _browserSubscription;

    /// <summary>The context each frame of a tab (0: the top frame) has of this extension, with the tab's navigation it was made for (made when the first one opens).</summary>
    private Dictionary<(int Tab, int Frame), (int Navigation, string Label)>? _tabViews;

    /// <summary>
    /// Hears the browser while anything of the extension may act on what it hears: a context running, content scripts
    /// (its own or registered) to inject, or a suspended event page that listened for a browser event (which wakes it).
    /// A suspended extension with none of these keeps nothing in the browser.
    /// </summary>
    private void FollowBrowser()
    {
        var needed = _views.Count > 0 || Slots().Any(slot => slot.Actor is not null) || Manifest.ContentScripts.Count > 0
                     || Apis.Injection.RegisteredScripts.IfAny(_state) is not null || _state.PrimedEvents.Any(IsBrowserEvent)
                     || Apis.Toolbar.PageRules.WatchesCss(_state);
        if (needed && _browserSubscription is null)
        {
            var self = Self;
            var work = _state.Work;
            _browserSubscription = _state.Browser.Subscribe(change => work.Send(self, new BrowserChanged(change)));
        }
        else if (!needed && _browserSubscription is not null)
        {
            _browserSubscription.Dispose();
            _browserSubscription = null;
        }
    }

    private static bool IsBrowserEvent(string name) =>
        name.StartsWith("tabs.", StringComparison.Ordinal) || name.StartsWith("windows.", StringComparison.Ordinal)
        || name.StartsWith("webNavigation.", StringComparison.Ordinal);

    /// <summary>
    /// Opens the browser tab a view asked for opens in (with the frames of its web page, when it has one); null (and the
    /// opener told why) when the browser refuses.
    /// </summary>
    private BrowserTab? OpenTab(ContextInfo info, ContextSource source)
    {
        try
        {
            var frames = source.WebPageHtml is { } html ? PlanFrames(info, html) : [];
            var tab = _state.Browser.OpenTab(new TabRequest(info.Url) { Incognito = info.IsPrivate, Frames = frames });
            (_tabViews ??= new())[(tab.Id, 0)] = (tab.Navigation, info.Label);
            return tab;
        }
        catch (BrowserModelException ex)
        {
            Fail($"cannot open \"{info.Label}\": {ex.Message}");
            return null;
        }
    }

    /// <summary>A view in a tab was closed from outside or by itself: its tab closes.</summary>
    private void TabClosedWithView(ContextInfo view)
    {
        if (view.TabId is not { } tabId) return;
        ForgetTabView(view);
        if (_state.Browser.Tab(tabId) is null) return;
        _state.Browser.Remove([tabId]);
    }

    private void ForgetTabView(ContextInfo view)
    {
        if (view.TabId is { } tabId && _tabViews is not null && _tabViews.TryGetValue((tabId, view.FrameId), out var known) && known.Label == view.Label)
            _tabViews.Remove((tabId, view.FrameId));
    }

    private void OnBrowserChanged(BrowserEvent change)
    {
        switch (change)
        {
            case TabUpdated { Tab.Status: "complete" } loaded when loaded.Changes.Contains("status"):
                EnsureTabView(loaded.Tab);
                break;
            case TabUpdated { Tab.Discarded: true } discarded:
                CloseTabView(discarded.Tab.Id);
                break;
            case TabRemoved removed:
                CloseTabView(removed.Tab.Id);
                Apis.Toolbar.PageRules.ForgetTab(_state, removed.Tab.Id);
                break;
        }
        FireBrowserEvent(change);
    }

    /// <summary>The tab's documents of this navigation (its top frame's, then its frames') get the extension's content scripts, or are the extension's own page.</summary>
    private void EnsureTabView(BrowserTab tab)
    {
        if (_halted) return;
        if (tab.Incognito && !BackgroundPagePolicy.RunsInPrivateWindows(_state.Flavor, Manifest)) return;
        EnsureTopView(tab);
        foreach (var frame in tab.Frames) EnsureFrameView(tab, frame);
    }

    private void EnsureTopView(BrowserTab tab)
    {
        if (_tabViews is not null && _tabViews.TryGetValue((tab.Id, 0), out var known) && known.Navigation == tab.Navigation) return;
        CloseStaleViews(tab);
        var baseUrl = _state.Identity.BaseUrl;
        string target;
        if (tab.Url.StartsWith(baseUrl, StringComparison.Ordinal)) target = "page:" + tab.Url[baseUrl.Length..];
        // A tab whose document watches the selectors of declarativeContent rules has one even without content scripts.
        else if (ContentScriptsApply(tab.Url) || Apis.Toolbar.PageRules.WatchesCss(_state)) target = "tab:" + tab.Url;
        else return;
        ContextInfo info;
        ContextSource source;
        try
        {
            (info, source) = ViewTargets.Resolve(_state.Package, baseUrl, target, tab.Incognito, registered: RegisteredScriptsAt(tab.Url));
        }
        catch (ExtensionRequestException)
        {
            // A tab on a file the extension lacks shows the browser's error page: nothing of the extension runs in it.
            return;
        }
        // Two tabs on one address: the second one's label names its tab.
        var label = _views.Contains(info.Label) ? $"{info.Label} (tab {tab.Id})" : info.Label;
        info = info with { Label = label, TabId = tab.Id, DocumentId = tab.DocumentId };
        (_tabViews ??= new())[(tab.Id, 0)] = (tab.Navigation, label);
        SpawnView(info, source, ActorRefs.Nobody);
    }

    /// <summary>Closes the extension's contexts in the tab, in all its frames.</summary>
    private void CloseTabView(int tabId)
    {
        if (_tabViews is null) return;
        foreach (var key in _tabViews.Keys.Where(key => key.Tab == tabId).ToList()) CloseFrameView(key);
    }

    private void CloseFrameView((int Tab, int Frame) key)
    {
        if (_tabViews is null || !_tabViews.Remove(key, out var known)) return;
        if (!_views.Remove(known.Label, out var view)) return;
        KeepAliveChanged();
        view.Tell(ContextProtocol.Close.Instance, ActorRefs.Nobody);
    }

    /// <summary>Fires the change's events, as this extension may see them, where anyone may listen for them.</summary>
    private void FireBrowserEvent(BrowserEvent change)
    {
        var running = _views.Count > 0 || Slots().Any(slot => slot.Actor is not null);
        foreach (var (name, json) in BrowserEventArguments.Events(change, _state))
        {
            if (!running && !(_state.BackgroundIsLazy && _state.PrimedEvents.Contains(name))) continue;
            if (json() is { } arguments) OnFireEvent(name, arguments, null);
        }
    }
}
