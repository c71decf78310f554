using ActorRuntime.Apis.Toolbar;
using ActorRuntime.Browsing;
using static ActorRuntime.Kernel.SupervisorSignals;

namespace ActorRuntime.Lifecycle;

/// <summary>
/// Chromium's declarativeContent css matchers, the browser's side: every tab's document watches the selectors of the
/// extension's rules and reports those that match it; the supervisor keeps what the tab's current document reported
/// (the button's look in the tab is worked out from it), and gives a document to every open tab once a rule watches
/// selectors, as every tab of the browser has a renderer.
/// </summary>
internal sealed partial class ExtensionSupervisor
{
    private bool OnPageRulesMessage(object message)
    {
        switch (message)
        {
            case WatchedSelectorsMatched matched:
                OnWatchedSelectorsMatched(matched);
                return true;
            case WatchedSelectorsChanged:
                OnWatchedSelectorsChanged();
                return true;
            default:
                return false;
        }
    }

    private void OnWatchedSelectorsMatched(WatchedSelectorsMatched matched)
    {
        // A report of a document the tab has already left (it navigated since) is dropped.
        if (_tabViews is null || !_tabViews.TryGetValue((matched.TabId, 0), out var view) || view.Label != matched.Label) return;
        PageRules.Matched(_state, matched.TabId, view.Navigation, matched.Selectors);
    }

    private void OnWatchedSelectorsChanged()
    {
        FollowBrowser();
        if (_halted || !PageRules.WatchesCss(_state)) return;
        foreach (var tab in _state.Browser.Tabs(t => t.Status == "complete" && !t.Discarded)) EnsureTabView(tab);
    }
}
