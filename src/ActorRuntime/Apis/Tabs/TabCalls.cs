using System.Globalization;
using ActorRuntime.Browsing;
using ActorRuntime.Kernel;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace ActorRuntime.Apis.Tabs;

/// <summary>What the tabs and windows functions share: reading their checked arguments, answering with tabs and windows as JSON, and the browsers' refusals.</summary>
internal static class TabCalls
{
    public static bool? Bool(JsValue value, string name) => value is ObjectInstance o && o.Get(name) is var v && v.IsBoolean() ? v.AsBoolean() : null;

    public static int? Int(JsValue value, string name) => value is ObjectInstance o ? Int(o.Get(name)) : null;

    public static int? Int(JsValue value) => value.IsNumber() ? (int)value.AsNumber() : null;

    public static string? Text(JsValue value, string name) => value is ObjectInstance o && o.Get(name) is var v && v.IsString() ? v.AsString() : null;

    /// <summary>A texts-or-text member (<c>url</c> of tabs.query, windows.create); null when absent.</summary>
    public static IReadOnlyList<string>? Texts(JsValue value, string name)
    {
        if (value is not ObjectInstance o) return null;
        var member = o.Get(name);
        if (member.IsString()) return [member.AsString()];
        if (member is not ObjectInstance list || !list.IsArray()) return null;
        var length = (long)TypeConverter.ToNumber(list.Get("length"));
        var texts = new List<string>();
        for (long i = 0; i < length; i++) texts.Add(TypeConverter.ToString(list.Get(i)));
        return texts;
    }

    /// <summary>An id-or-ids argument (<c>tabs.remove</c>, <c>tabs.move</c>).</summary>
    public static IReadOnlyList<int> Ids(JsValue value)
    {
        if (value.IsNumber()) return [(int)value.AsNumber()];
        if (value is not ObjectInstance list || !list.IsArray()) return [];
        var length = (long)TypeConverter.ToNumber(list.Get("length"));
        var ids = new List<int>();
        for (long i = 0; i < length; i++) ids.Add((int)TypeConverter.ToNumber(list.Get(i)));
        return ids;
    }

    public static JsValue Parse(ApiCall call, string json) => new Jint.Native.Json.JsonParser(call.Realm.Engine).Parse(json);

    public static JsValue AnswerTab(ApiCall call, BrowserTab tab) =>
        call.Answer(Parse(call, TabJson.Json(json => TabJson.WriteTab(json, call.Realm.Extension, tab))));

    public static JsValue AnswerTabs(ApiCall call, IEnumerable<BrowserTab> tabs) =>
        call.Answer(Parse(call, TabJson.Json(json =>
        {
            json.WriteStartArray();
            foreach (var tab in tabs) TabJson.WriteTab(json, call.Realm.Extension, tab);
            json.WriteEndArray();
        })));

    public static JsValue AnswerWindow(ApiCall call, BrowserWindow window, bool withTabs) =>
        call.Answer(Parse(call, TabJson.Json(json => TabJson.WriteWindow(json, call.Realm.Extension, window, withTabs))));

    /// <summary>The tab with that id if the caller may see it (a private tab is unknown to an extension not allowed there).</summary>
    public static BrowserTab? VisibleTab(ApiCall call, int tabId) =>
        call.Realm.Extension.Browser.Tab(tabId) is { } tab && TabJson.Visible(call.Realm.Extension, tab.Incognito) ? tab : null;

    public static BrowserWindow? VisibleWindow(ApiCall call, int windowId, bool withTabs = false) =>
        call.Realm.Extension.Browser.Window(windowId, withTabs) is { } window && TabJson.Visible(call.Realm.Extension, window.Incognito) ? window : null;

    /// <summary>The tab the calling context runs in, if any (an extension page in a tab, a content script).</summary>
    public static BrowserTab? CallersTab(ApiCall call) => call.Realm.Info.TabId is { } id ? call.Realm.Extension.Browser.Tab(id) : null;

    /// <summary>The caller's "current window": its tab's, else the window of its profile focused last.</summary>
    public static int? CurrentWindowId(ApiCall call) =>
        CallersTab(call)?.WindowId ?? call.Realm.Extension.Browser.LastFocusedWindowId(call.Realm.Info.IsPrivate);

    public static string NoTab(ApiCall call, int id) => call.Realm.Extension.Flavor == Flavor.Chrome
        ? $"No tab with id: {id.ToString(CultureInfo.InvariantCulture)}."
        : $"Invalid tab ID: {id.ToString(CultureInfo.InvariantCulture)}";

    public static string NoWindow(ApiCall call, int id) => call.Realm.Extension.Flavor == Flavor.Chrome
        ? $"No window with id: {id.ToString(CultureInfo.InvariantCulture)}."
        : $"Invalid window ID: {id.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Runs a change of the browser, answering the model's refusal in the flavour's words.</summary>
    public static JsValue Change(ApiCall call, Func<JsValue> change)
    {
        try
        {
            return change();
        }
        catch (BrowserModelException refused)
        {
            var id = int.TryParse(refused.Message, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : 0;
            return call.Fail(refused.Refusal switch
            {
                BrowserRefusal.NoSuchTab => NoTab(call, id),
                BrowserRefusal.NoSuchWindow => NoWindow(call, id),
                _ => refused.Message,
            });
        }
    }

    /// <summary>A URL an extension asks a tab to load, resolved as browsers do: relative to the calling page.</summary>
    public static string Resolve(ApiCall call, string url)
    {
        var baseUrl = call.Realm.Info.IsExtensionPage ? call.Realm.Info.Url : call.Realm.Extension.Identity.BaseUrl;
        return Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme.Length > 1 ? url
            : Uri.TryCreate(new Uri(baseUrl), url, out var resolved) ? resolved.AbsoluteUri : url;
    }

    /// <summary>The page a new tab shows when no URL is given.</summary>
    public static string NewTabUrl(ApiCall call) => call.Realm.Extension.Flavor == Flavor.Chrome ? "chrome://newtab/" : "about:newtab";

    /// <summary>Firefox refuses to load privileged URLs from an extension; null when the URL may be loaded.</summary>
    public static string? Refusal(ApiCall call, string url)
    {
        if (call.Realm.Extension.Flavor == Flavor.Chrome) return null;
        var scheme = url.IndexOf(':') is var colon and > 0 ? url[..colon].ToLowerInvariant() : "";
        var privileged = scheme is "chrome" or "javascript" or "data" or "file" or "resource"
                         || (scheme == "about" && url is not ("about:blank" or "about:newtab" or "about:home"));
        return privileged ? $"Illegal URL: {url}" : null;
    }
}
