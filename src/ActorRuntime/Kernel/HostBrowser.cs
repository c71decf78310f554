using System.Text.Json;
using ActorRuntime.Browsing;
using ActorRuntime.Scripting;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace ActorRuntime.Kernel;

/// <summary>
/// What a host script sees and does of the browser around the extension: <c>host.tabs()</c> and <c>host.windows()</c>
/// (everything, without the privacy rule extensions get), and the user's own moves: <c>host.openTab(url, {private,
/// active})</c>, <c>host.navigate(tabId, url)</c>, <c>host.activateTab(tabId)</c>, <c>host.closeTab(tabId)</c>.
/// </summary>
internal static class HostBrowser
{
    public static void Install(JsObject host, Engine engine, ExtensionKernel extension)
    {
        var browser = extension.Browser;
        host.Method("tabs", (_, _) => Parse(engine, JsonSerializer.Serialize(browser.Tabs().Select(Describe))));
        host.Method("windows", (_, _) => Parse(engine, JsonSerializer.Serialize(browser.Windows(withTabs: true).Select(w => new
        {
            id = w.Id, focused = w.Focused, incognito = w.Incognito, type = w.Type, state = w.State, tabs = w.Tabs.Select(t => t.Id),
        }))));
        host.Method("openTab", (_, args) =>
        {
            var url = Url(engine, args, 0, "host.openTab(url, {private, active})");
            var options = args.Length > 1 ? args[1] as ObjectInstance : null;
            var request = new TabRequest(url)
            {
                Incognito = options is not null && TypeConverter.ToBoolean(options.Get("private")),
                Active = options is null || options.Get("active").IsUndefined() || TypeConverter.ToBoolean(options.Get("active")),
            };
            return Change(engine, () => Parse(engine, JsonSerializer.Serialize(Describe(browser.OpenTab(request)))));
        });
        host.Method("navigate", (_, args) =>
        {
            var tabId = TabId(engine, args, "host.navigate(tabId, url)");
            var url = Url(engine, args, 1, "host.navigate(tabId, url)");
            return Change(engine, () => Parse(engine, JsonSerializer.Serialize(Describe(browser.Navigate(tabId, url)))));
        });
        host.Method("activateTab", (_, args) =>
        {
            var tabId = TabId(engine, args, "host.activateTab(tabId)");
            return Change(engine, () => Parse(engine, JsonSerializer.Serialize(Describe(browser.Update(tabId, new TabChange { Active = true })))));
        });
        host.Method("closeTab", (_, args) =>
        {
            var tabId = TabId(engine, args, "host.closeTab(tabId)");
            return Change(engine, () =>
            {
                browser.Remove([tabId]);
                return JsValue.Undefined;
            });
        });
    }

    private static object Describe(BrowserTab tab) => new
    {
        id = tab.Id, windowId = tab.WindowId, index = tab.Index, url = tab.Url, title = tab.Title, status = tab.Status,
        active = tab.Active, pinned = tab.Pinned, incognito = tab.Incognito, discarded = tab.Discarded, openerTabId = tab.OpenerTabId,
    };

    private static JsValue Parse(Engine engine, string json) => new Jint.Native.Json.JsonParser(engine).Parse(json);

    private static JsValue Change(Engine engine, Func<JsValue> change)
    {
        try
        {
            return change();
        }
        catch (BrowserModelException refused)
        {
            var message = refused.Refusal == BrowserRefusal.NoSuchTab ? $"the browser has no tab {refused.Message}" : refused.Message;
            throw new JavaScriptException(engine.Intrinsics.Error, message);
        }
    }

    private static int TabId(Engine engine, JsValue[] args, string usage) =>
        args.Length > 0 && args[0].IsNumber() ? (int)args[0].AsNumber()
        : throw new JavaScriptException(engine.Intrinsics.TypeError, $"{usage}: expected a tab id");

    private static string Url(Engine engine, JsValue[] args, int index, string usage) =>
        args.Length > index && args[index].IsString() && Uri.TryCreate(args[index].AsString(), UriKind.Absolute, out _) ? args[index].AsString()
        : throw new JavaScriptException(engine.Intrinsics.TypeError, $"{usage}: expected an absolute URL");
}
