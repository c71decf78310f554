using ActorRuntime.Browsing;
using ActorRuntime.Manifest;
using Jint.Native;
using static ActorRuntime.Apis.Tabs.TabCalls;

namespace ActorRuntime.Apis.Tabs;

/// <summary>
/// <c>tabs.query</c>: every query property browsers take, matched in one walk over the browser's tabs. <c>url</c> and
/// <c>title</c> match only tabs whose address the extension may see, as browsers keep the others out of such queries.
/// </summary>
internal static class TabQuery
{
    /// <summary><c>windows.WINDOW_ID_CURRENT</c>.</summary>
    private const int CurrentWindow = -2;

    /// <summary>The browser's refusal of a query's <c>url</c> patterns, or null.</summary>
    public static string? Problem(ApiCall call, JsValue query)
    {
        foreach (var pattern in Texts(query, "url") ?? [])
            if (MatchPattern.Problem(pattern) is not null)
                return call.Realm.Extension.Flavor == Flavor.Chrome ? $"Invalid url pattern '{pattern}'" : $"Invalid url pattern: {pattern}";
        return null;
    }

    public static IReadOnlyList<BrowserTab> Run(ApiCall call, JsValue query)
    {
        var extension = call.Realm.Extension;
        var active = Bool(query, "active");
        var pinned = Bool(query, "pinned");
        var audible = Bool(query, "audible");
        var muted = Bool(query, "muted");
        var highlighted = Bool(query, "highlighted") ?? Bool(query, "selected");
        var discarded = Bool(query, "discarded");
        var autoDiscardable = Bool(query, "autoDiscardable");
        var hidden = Bool(query, "hidden");
        var status = Text(query, "status");
        var title = Text(query, "title");
        var urls = Texts(query, "url");
        var windowType = Text(query, "windowType");
        var index = Int(query, "index");
        var openerTabId = Int(query, "openerTabId");
        var cookieStoreId = Text(query, "cookieStoreId");
        var windowId = Int(query, "windowId");
        if (windowId == CurrentWindow || Bool(query, "currentWindow") == true) windowId = CurrentWindowId(call) ?? -1;
        var notWindow = Bool(query, "currentWindow") == false ? CurrentWindowId(call) : null;
        var lastFocusedWanted = Bool(query, "lastFocusedWindow");
        int? lastFocused = lastFocusedWanted is null ? null : extension.Browser.LastFocusedWindowId(call.Realm.Info.IsPrivate) ?? -1;
        var seesPrivate = TabJson.SeesPrivate(extension);
        return extension.Browser.Tabs(tab =>
            (seesPrivate || !tab.Incognito)
            && (active is null || tab.Active == active)
            && (pinned is null || tab.Pinned == pinned)
            && (audible is null || !audible.Value)
            && (muted is null || tab.Muted == muted)
            && (highlighted is null || tab.Highlighted == highlighted)
            && (discarded is null || tab.Discarded == discarded)
            && (autoDiscardable is null || tab.AutoDiscardable == autoDiscardable)
            && (hidden is null || !hidden.Value)
            && (status is null || tab.Status == status)
            && (windowId is null || tab.Window.Id == windowId)
            && (notWindow is null || tab.Window.Id != notWindow)
            && (lastFocused is null || (tab.Window.Id == lastFocused) == lastFocusedWanted)
            && (windowType is null || tab.Window.Type == windowType)
            && (index is null || tab.Window.Tabs.IndexOf(tab) == index)
            && (openerTabId is null || tab.OpenerTabId == openerTabId)
            && (cookieStoreId is null || cookieStoreId == (tab.Incognito ? "firefox-private" : "firefox-default"))
            && (title is null || (TabJson.Reveals(extension, tab.Id, tab.Url) && MatchPattern.GlobMatches(title, tab.Title, questionMark: true)))
            && (urls is null || (TabJson.Reveals(extension, tab.Id, tab.Url) && urls.Any(pattern => MatchPattern.Matches(pattern, tab.Url)))),
            inWindow: windowId, activeOnly: active == true);
    }
}
