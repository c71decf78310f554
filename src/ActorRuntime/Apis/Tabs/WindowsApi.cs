using ActorRuntime.Browsing;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using static ActorRuntime.Apis.Tabs.TabCalls;

namespace ActorRuntime.Apis.Tabs;

/// <summary><c>browser.windows</c> over the runtime's browser: its windows found, opened, changed and closed (their events fire from the browser's changes).</summary>
internal static class WindowsApi
{
    public static void Register(Dictionary<string, ApiImplementation> registry)
    {
        registry["windows.get"] = new() { Function = call => Answer(call, Int(call[0]) ?? -1, call[1]) };
        registry["windows.getCurrent"] = new() { Function = call => Answer(call, CurrentWindowId(call) ?? -1, call[0]) };
        registry["windows.getLastFocused"] = new()
        {
            Function = call => Answer(call, call.Realm.Extension.Browser.LastFocusedWindowId(call.Realm.Info.IsPrivate) ?? -1, call[0]),
        };
        registry["windows.getAll"] = new() { Function = GetAll };
        registry["windows.create"] = new() { Function = Create };
        registry["windows.update"] = new() { Function = Update };
        registry["windows.remove"] = new()
        {
            Function = call =>
            {
                var id = Int(call[0]) ?? -1;
                if (VisibleWindow(call, id) is null) return call.Fail(NoWindow(call, id));
                return Change(call, () =>
                {
                    call.Realm.Extension.Browser.RemoveWindow(id);
                    return call.Answer(JsValue.Undefined);
                });
            },
        };
    }

    private static JsValue Answer(ApiCall call, int windowId, JsValue getInfo)
    {
        var populate = Bool(getInfo, "populate") == true;
        return VisibleWindow(call, windowId, populate) is { } window && TypeWanted(getInfo, window)
            ? AnswerWindow(call, window, populate)
            : call.Fail(NoWindow(call, windowId));
    }

    private static bool TypeWanted(JsValue getInfo, BrowserWindow window) =>
        Texts(getInfo, "windowTypes") is not { } types || types.Contains(window.Type);

    private static JsValue GetAll(ApiCall call)
    {
        var getInfo = call[0];
        var populate = Bool(getInfo, "populate") == true;
        var extension = call.Realm.Extension;
        var windows = extension.Browser.Windows(populate)
            .Where(window => TabJson.Visible(extension, window.Incognito) && TypeWanted(getInfo, window))
            .ToList();
        return call.Answer(Parse(call, TabJson.Json(json =>
        {
            json.WriteStartArray();
            foreach (var window in windows) TabJson.WriteWindow(json, extension, window, populate);
            json.WriteEndArray();
        })));
    }

    private static JsValue Create(ApiCall call)
    {
        var data = call[0];
        var extension = call.Realm.Extension;
        var urls = (Texts(data, "url") ?? []).Select(url => Resolve(call, url)).ToList();
        foreach (var url in urls)
            if (Refusal(call, url) is { } refusal) return call.Fail(refusal);
        var incognito = Bool(data, "incognito") ?? call.Realm.Info.IsPrivate;
        // Chromium: "Incognito mode is disabled." when the extension may not open private windows; Firefox words it its way.
        if (incognito && !TabJson.SeesPrivate(extension))
            return call.Fail(extension.Flavor == Flavor.Chrome ? "Incognito mode is disabled." : "Extension does not have permission for incognito mode");
        var tabId = Int(data, "tabId");
        if (tabId is { } moved && VisibleTab(call, moved) is null) return call.Fail(NoTab(call, moved));
        // A new window shows the new-tab page when it is given neither URLs nor a tab.
        if (urls.Count == 0 && tabId is null) urls.Add(NewTabUrl(call));
        var request = new WindowRequest
        {
            Urls = urls,
            TabId = tabId,
            Focused = Bool(data, "focused") ?? true,
            Incognito = incognito,
            Type = Text(data, "type") ?? "normal",
            State = Text(data, "state") ?? "normal",
            Left = Int(data, "left"),
            Top = Int(data, "top"),
            Width = Int(data, "width"),
            Height = Int(data, "height"),
        };
        return Change(call, () => AnswerWindow(call, extension.Browser.OpenWindow(request), withTabs: true));
    }

    private static JsValue Update(ApiCall call)
    {
        var id = Int(call[0]) ?? -1;
        if (VisibleWindow(call, id) is null) return call.Fail(NoWindow(call, id));
        var info = call[1];
        var change = new WindowChange
        {
            Focused = Bool(info, "focused"),
            State = Text(info, "state"),
            Left = Int(info, "left"),
            Top = Int(info, "top"),
            Width = Int(info, "width"),
            Height = Int(info, "height"),
        };
        return Change(call, () => AnswerWindow(call, call.Realm.Extension.Browser.UpdateWindow(id, change), withTabs: false));
    }
}
