using ActorRuntime.Apis.Tabs;
using ActorRuntime.Browsing;
using ActorRuntime.Kernel;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using static ActorRuntime.Apis.Tabs.TabCalls;

namespace ActorRuntime.Apis.Toolbar;

/// <summary>
/// <c>action</c>, <c>browserAction</c> and <c>pageAction</c>: the extension's toolbar button in the runtime's browser,
/// set globally or per tab, read back as browsers answer (a tab's value, else the global one, else the manifest's),
/// and what <c>--action</c> shows. Clicking it is the harness's (the supervisor opens the popup or fires onClicked).
/// </summary>
internal static class ActionApi
{
    public static void Register(Dictionary<string, ApiImplementation> registry)
    {
        foreach (var ns in new[] { "action", "browserAction", "pageAction" })
        {
            Setter(registry, ns, "setTitle", (details, values, _) => values with { Title = Nullable(details, "title") });
            Getter(registry, ns, "getTitle", (look, _) => look.Title);
            Setter(registry, ns, "setIcon", (details, values, _) => values with { Icon = Icon(details) });
            Setter(registry, ns, "setPopup", (details, values, _) => values with { Popup = Nullable(details, "popup") });
            Getter(registry, ns, "getPopup", (look, call) => look.PopupPath is { } path ? call.Realm.Extension.Identity.BaseUrl + path.TrimStart('/') : "");
            registry[ns + ".openPopup"] = new() { Function = OpenPopup };
            if (ns == "pageAction")
            {
                registry[ns + ".show"] = new() { Function = call => SetForTab(call, ns, values => values with { Shown = true }) };
                registry[ns + ".hide"] = new() { Function = call => SetForTab(call, ns, values => values with { Shown = false }) };
                Getter(registry, ns, "isShown", (look, _) => look.Shown);
                continue;
            }
            Setter(registry, ns, "setBadgeText", (details, values, _) => values with { BadgeText = Nullable(details, "text") });
            Getter(registry, ns, "getBadgeText", (look, _) => look.BadgeText);
            Setter(registry, ns, "setBadgeBackgroundColor", (details, values, call) => values with { BadgeBackgroundColor = Color(details, call) });
            Getter(registry, ns, "getBadgeBackgroundColor", (look, call) => ActionColors.ToArray(call.Realm.Engine, look.BadgeBackgroundColor));
            Setter(registry, ns, "setBadgeTextColor", (details, values, call) => values with { BadgeTextColor = Color(details, call) });
            Getter(registry, ns, "getBadgeTextColor", (look, call) => ActionColors.ToArray(call.Realm.Engine, look.BadgeTextColor));
            registry[ns + ".enable"] = new() { Function = call => Set(call, ns, Int(call[0]), values => values with { Enabled = true }) };
            registry[ns + ".disable"] = new() { Function = call => Set(call, ns, Int(call[0]), values => values with { Enabled = false }) };
            registry[ns + ".isEnabled"] = new()
            {
                Function = call => Read(call, ns, call[0].IsNumber() ? Int(call[0]) : Int(call[0], "tabId"), look => look.Enabled),
            };
            registry[ns + ".getUserSettings"] = new()
            {
                Function = call =>
                {
                    var settings = new JsObject(call.Realm.Engine);
                    settings.FastSetDataProperty("isOnToolbar", true);
                    return call.Answer(settings);
                },
            };
        }
    }

    /// <summary>A colour the value cannot be is refused in the flavour's words; null clears it.</summary>
    private sealed class BadColor(string message) : Exception(message);

    private static Rgba? Color(JsValue details, ApiCall call)
    {
        var value = details is ObjectInstance o ? o.Get("color") : JsValue.Undefined;
        if (value.IsNull() || value.IsUndefined()) return null;
        return ActionColors.Read(value) ?? throw new BadColor(call.Realm.Extension.Flavor == Flavor.Chrome
            ? "The color specification could not be parsed."
            : $"Invalid badge color: {OneLineText.Escape(Jint.Runtime.TypeConverter.ToString(value), 80)}");
    }

    private static string? Nullable(JsValue details, string name) => Text(details, name);

    private static string? Icon(JsValue details)
    {
        if (details is not ObjectInstance o) return null;
        var path = o.Get("path");
        if (path.IsString()) return path.AsString();
        if (path is ObjectInstance sizes)
            return sizes.GetOwnProperties().Select(p => p.Value.Value).Where(v => v.IsString()).Select(v => v.AsString()).LastOrDefault();
        return o.Get("imageData").IsObject() ? "imageData" : null;
    }

    private static void Setter(Dictionary<string, ApiImplementation> registry, string ns, string name, Func<JsValue, ActionValues, ApiCall, ActionValues> change) =>
        registry[$"{ns}.{name}"] = new()
        {
            Function = call =>
            {
                try
                {
                    // pageAction.setTitle is synchronous in Firefox's schema: it answers nothing.
                    return Set(call, ns, Int(call[0], "tabId"), values => change(call[0], values, call));
                }
                catch (BadColor refused)
                {
                    return call.Fail(refused.Message);
                }
            },
        };

    private static void Getter(Dictionary<string, ApiImplementation> registry, string ns, string name, Func<ActionLook, ApiCall, JsValue> read) =>
        registry[$"{ns}.{name}"] = new() { Function = call => Read(call, ns, Int(call[0], "tabId"), look => read(look, call)) };

    private static JsValue SetForTab(ApiCall call, string ns, Func<ActionValues, ActionValues> change) => Set(call, ns, Int(call[0]) ?? -1, change);

    private static JsValue Set(ApiCall call, string ns, int? tabId, Func<ActionValues, ActionValues> change)
    {
        var extension = call.Realm.Extension;
        if (tabId is { } id && VisibleTab(call, id) is null) return Refuse(call, id);
        extension.Browser.SetAction(ActionLook.Key(extension, ns), tabId, change);
        return call.Reply is null ? JsValue.Undefined : call.Answer(JsValue.Undefined);
    }

    private static JsValue Read(ApiCall call, string ns, int? tabId, Func<ActionLook, JsValue> read)
    {
        var extension = call.Realm.Extension;
        if (tabId is { } id && VisibleTab(call, id) is null) return Refuse(call, id);
        return call.Answer(read(ActionLook.Of(extension, ActionLook.Spec(extension.Manifest, ns), tabId)));
    }

    private static JsValue Refuse(ApiCall call, int tabId) =>
        call.Reply is null ? throw new Jint.Runtime.JavaScriptException(call.Realm.Engine.Intrinsics.Error, NoTab(call, tabId)) : call.Fail(NoTab(call, tabId));

    /// <summary><c>openPopup()</c>: the popup opens as if the button were clicked in the current window's active tab.</summary>
    private static JsValue OpenPopup(ApiCall call)
    {
        var realm = call.Realm;
        var reply = call.Reply!;
        var ns = call.Name[..call.Name.IndexOf('.')];
        var look = ActionLook.Of(realm.Extension, ActionLook.Spec(realm.Extension.Manifest, ns), null);
        if (look.PopupPath is null) return call.Fail(realm.Extension.Flavor == Flavor.Chrome ? "Failed to open popup." : "No popup to open");
        SupervisorRequests.Ask(call, new SupervisorSignals.OpenPopup(look.PopupPath, realm.Info.IsPrivate), _ => reply.Resolve(JsValue.Undefined),
            message => reply.Reject(realm.Extension.Flavor == Flavor.Chrome ? "Failed to open popup." : message));
        return JsValue.Undefined;
    }
}
