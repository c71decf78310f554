using ActorRuntime.Browsing;
using ActorRuntime.Kernel;
using Jint;
using Jint.Native;
using static ActorRuntime.Apis.Tabs.TabCalls;

namespace ActorRuntime.Apis.Tabs;

/// <summary>
/// <c>browser.tabs</c> over the runtime's browser: the tabs of its windows, found, opened, changed, moved and closed as
/// browsers do (their events fire from the browser's changes); and messages and ports to the content scripts of a tab.
/// </summary>
internal static class TabsApi
{
    public static void Register(Dictionary<string, ApiImplementation> registry)
    {
        registry["tabs.query"] = new() { Function = call => TabQuery.Problem(call, call[0]) is { } problem ? call.Fail(problem) : AnswerTabs(call, TabQuery.Run(call, call[0])) };
        registry["tabs.get"] = new()
        {
            Function = call => Int(call[0]) is { } id && VisibleTab(call, id) is { } tab ? AnswerTab(call, tab) : call.Fail(NoTab(call, Int(call[0]) ?? -1)),
        };
        // Undefined outside a tab (a background, a popup), as in browsers.
        registry["tabs.getCurrent"] = new() { Function = call => CallersTab(call) is { } tab ? AnswerTab(call, tab) : call.Answer(JsValue.Undefined) };
        registry["tabs.create"] = new() { Function = Create };
        registry["tabs.update"] = new() { Function = Update };
        registry["tabs.remove"] = new() { Function = call => WithTabs(call, Ids(call[0]), ids => { call.Realm.Extension.Browser.Remove(ids); return call.Answer(JsValue.Undefined); }) };
        registry["tabs.duplicate"] = new()
        {
            Function = call => WithTabs(call, [Int(call[0]) ?? -1], ids => AnswerTab(call, call.Realm.Extension.Browser.Duplicate(ids[0]))),
        };
        registry["tabs.reload"] = new() { Function = call => WithTabs(call, [TargetTab(call, call[0])], ids => { call.Realm.Extension.Browser.Reload(ids[0]); return call.Answer(JsValue.Undefined); }) };
        registry["tabs.goBack"] = new() { Function = call => Traverse(call, -1) };
        registry["tabs.goForward"] = new() { Function = call => Traverse(call, 1) };
        registry["tabs.move"] = new() { Function = Move };
        registry["tabs.highlight"] = new() { Function = Highlight };
        registry["tabs.discard"] = new() { Function = Discard };
        registry["tabs.captureVisibleTab"] = new() { Function = CaptureVisibleTab };
        registry["tabs.sendMessage"] = new()
        {
            Function = call =>
            {
                var tabId = call[0].IsNumber() ? call[0].AsNumber() : double.NaN;
                // options.frameId: only the content scripts of that frame hear it (all frames' otherwise).
                var frameId = Int(call[2], "frameId");
                MessageDelivery.Send(call.Host, call[1], call.Reply!, receiver => IsInTab(receiver, tabId) && (frameId is null || receiver.Info.FrameId == frameId), wakeBackground: false);
                return JsValue.Undefined;
            },
        };
        registry["tabs.connect"] = new()
        {
            Function = call =>
            {
                var tabId = call[0].IsNumber() ? call[0].AsNumber() : double.NaN;
                var frameId = Int(call[1], "frameId");
                return PortApi.Connect(call.Host, call[1], receiver => IsInTab(receiver, tabId) && (frameId is null || receiver.Info.FrameId == frameId), wakeBackground: false);
            },
        };
    }

    private static bool IsInTab(ContextRealm receiver, double tabId) =>
        receiver.Info is { Kind: ContextKind.ContentScript, TabId: { } id } && id == tabId;

    /// <summary>The tab a call names, else the caller's own tab, else the active tab of its current window (-1: none).</summary>
    private static int TargetTab(ApiCall call, JsValue tabId)
    {
        if (Int(tabId) is { } id) return id;
        if (CallersTab(call) is { } own) return own.Id;
        var windowId = CurrentWindowId(call);
        return call.Realm.Extension.Browser.Tabs(tab => tab.Active && tab.Window.Id == windowId).FirstOrDefault()?.Id ?? -1;
    }

    /// <summary>Runs <paramref name="change"/> once every tab named is one the caller may see; else fails naming the first it may not.</summary>
    private static JsValue WithTabs(ApiCall call, IReadOnlyList<int> ids, Func<IReadOnlyList<int>, JsValue> change)
    {
        foreach (var id in ids)
            if (VisibleTab(call, id) is null) return call.Fail(NoTab(call, id));
        return Change(call, () => change(ids));
    }

    private static JsValue Create(ApiCall call)
    {
        var properties = call[0];
        var url = Text(properties, "url") is { } asked ? Resolve(call, asked) : NewTabUrl(call);
        if (Refusal(call, url) is { } refusal) return call.Fail(refusal);
        var windowId = Int(properties, "windowId");
        if (windowId is { } id && VisibleWindow(call, id) is null) return call.Fail(NoWindow(call, id));
        var openerTabId = Int(properties, "openerTabId");
        if (openerTabId is { } opener && VisibleTab(call, opener) is null) return call.Fail(NoTab(call, opener));
        var request = new TabRequest(url)
        {
            WindowId = windowId ?? CurrentWindowId(call),
            Index = Int(properties, "index"),
            Active = Bool(properties, "active") ?? Bool(properties, "selected") ?? true,
            Pinned = Bool(properties, "pinned") ?? false,
            Muted = Bool(properties, "muted") ?? false,
            OpenerTabId = openerTabId,
            Incognito = call.Realm.Info.IsPrivate,
        };
        return Change(call, () => AnswerTab(call, call.Realm.Extension.Browser.OpenTab(request)));
    }

    private static JsValue Update(ApiCall call)
    {
        var properties = call[1];
        var tabId = TargetTab(call, call[0]);
        var url = Text(properties, "url") is { } asked ? Resolve(call, asked) : null;
        if (url is not null && Refusal(call, url) is { } refusal) return call.Fail(refusal);
        var change = new TabChange
        {
            Url = url,
            Active = Bool(properties, "active") ?? Bool(properties, "selected"),
            Highlighted = Bool(properties, "highlighted"),
            Pinned = Bool(properties, "pinned"),
            Muted = Bool(properties, "muted"),
            AutoDiscardable = Bool(properties, "autoDiscardable"),
            OpenerTabId = Int(properties, "openerTabId"),
        };
        return WithTabs(call, [tabId], ids => AnswerTab(call, call.Realm.Extension.Browser.Update(ids[0], change)));
    }

    private static JsValue Traverse(ApiCall call, int steps)
    {
        var tabId = TargetTab(call, call[0]);
        // Chromium refuses a step out of the history; Firefox, like its Back button, does nothing.
        return WithTabs(call, [tabId], ids => call.Realm.Extension.Browser.Traverse(ids[0], steps) || call.Realm.Extension.Flavor != Flavor.Chrome
            ? call.Answer(JsValue.Undefined)
            : call.Fail(steps < 0 ? "Cannot find a previous page in history." : "Cannot find a next page in history."));
    }

    private static JsValue Move(ApiCall call)
    {
        var ids = Ids(call[0]);
        var properties = call[1];
        var index = Int(properties, "index") ?? -1;
        var windowId = Int(properties, "windowId");
        if (windowId is { } id && VisibleWindow(call, id) is null) return call.Fail(NoWindow(call, id));
        return WithTabs(call, ids, _ =>
        {
            var moved = new List<BrowserTab>();
            foreach (var tabId in ids)
            {
                moved.Add(call.Realm.Extension.Browser.Move(tabId, windowId, index));
                if (index >= 0) index++;
            }
            // One tab id in, one tab out; a list in, a list out.
            return call[0].IsNumber() ? AnswerTab(call, moved[0]) : AnswerTabs(call, moved);
        });
    }

    private static JsValue Highlight(ApiCall call)
    {
        var info = call[0];
        var windowId = Int(info, "windowId") ?? CurrentWindowId(call) ?? -1;
        if (VisibleWindow(call, windowId) is null) return call.Fail(NoWindow(call, windowId));
        var indices = info is Jint.Native.Object.ObjectInstance o ? Ids(o.Get("tabs")) : [];
        return Change(call, () => AnswerWindow(call, call.Realm.Extension.Browser.Highlight(windowId, indices), withTabs: true));
    }

    private static JsValue Discard(ApiCall call)
    {
        var ids = Ids(call[0]);
        return WithTabs(call, ids, _ =>
        {
            var discarded = ids.Select(id => call.Realm.Extension.Browser.Discard(id)).ToList();
            // Chromium answers the discarded tab (undefined when it refused, as for the active tab); Firefox answers nothing.
            if (call.Realm.Extension.Flavor != Flavor.Chrome) return call.Answer(JsValue.Undefined);
            return discarded[0] is { } tab ? AnswerTab(call, tab) : call.Answer(JsValue.Undefined);
        });
    }

    /// <summary>A 1×1 white PNG: what the runtime, which draws nothing, shows of a tab unless the host provides an image.</summary>
    private const string BlankPng = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==";

    private static JsValue CaptureVisibleTab(ApiCall call)
    {
        var extension = call.Realm.Extension;
        var windowId = Int(call[0]) ?? CurrentWindowId(call) ?? -1;
        if (VisibleWindow(call, windowId, withTabs: true) is not { } window) return call.Fail(NoWindow(call, windowId));
        var active = window.Tabs.FirstOrDefault(tab => tab.Active);
        var granted = extension.HostIfAny?.Granted;
        var allUrls = (granted?.Origins ?? extension.Manifest.HostPermissions).Contains("<all_urls>");
        if (!allUrls && (active is null || !extension.Browser.HasActiveTab(extension.Package.Id, active.Id)))
            return call.Fail(extension.Flavor == Flavor.Chrome
                ? "Either the '<all_urls>' or 'activeTab' permission is required."
                : "Missing activeTab permission");
        // A PNG whatever format was asked: the runtime encodes no JPEG; a host that needs one provides the function.
        return call.Answer(BlankPng);
    }
}
