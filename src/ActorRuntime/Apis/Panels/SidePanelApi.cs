using System.Globalization;
using ActorRuntime.Apis.Tabs;
using ActorRuntime.Kernel;
using ActorRuntime.Manifest;
using Jint;
using Jint.Native;

namespace ActorRuntime.Apis.Panels;

/// <summary>
/// Chromium's <c>sidePanel</c>: options per tab over the default and the manifest's <c>side_panel.default_path</c>,
/// <c>open</c> (a user gesture's; the panel is the context labelled <c>sidebar</c>) and <c>openPanelOnActionClick</c>.
/// The answers and refusals are Chromium's (<c>side_panel_api.cc</c>, <c>side_panel_service.cc</c>).
/// </summary>
internal static class SidePanelApi
{
    public static void Register(Dictionary<string, ApiImplementation> registry)
    {
        registry["sidePanel.setOptions"] = new() { Function = SetOptions, OnlyIn = [Flavor.Chrome] };
        registry["sidePanel.getOptions"] = new()
        {
            Function = call => call.Answer(ToObject(call, SidePanelSettings.Options(call.Realm.Extension, TabCalls.Int(call[0], "tabId")))),
            OnlyIn = [Flavor.Chrome],
        };
        registry["sidePanel.setPanelBehavior"] = new()
        {
            Function = call =>
            {
                if (TabCalls.Bool(call[0], "openPanelOnActionClick") is { } open) SidePanelSettings.For(call.Realm.Extension).OpenOnActionClick = open;
                return call.Answer(JsValue.Undefined);
            },
            OnlyIn = [Flavor.Chrome],
        };
        registry["sidePanel.getPanelBehavior"] = new()
        {
            Function = call =>
            {
                var behavior = new JsObject(call.Realm.Engine);
                behavior.FastSetDataProperty("openPanelOnActionClick", SidePanelSettings.IfAny(call.Realm.Extension)?.OpenOnActionClick ?? false);
                return call.Answer(behavior);
            },
            OnlyIn = [Flavor.Chrome],
        };
        registry["sidePanel.open"] = new() { Function = Open, OnlyIn = [Flavor.Chrome] };
    }

    private static JsValue SetOptions(ApiCall call)
    {
        var extension = call.Realm.Extension;
        var tabId = TabCalls.Int(call[0], "tabId");
        var path = TabCalls.Text(call[0], "path");
        // Chromium keeps options for any tab id; the runtime keeps them only for tabs that are open (bounded by max-tabs).
        if (tabId is { } id && TabCalls.VisibleTab(call, id) is null) return call.Fail(NoTab(id));
        if (path is not null && !InsideExtension(extension, path))
            return call.Fail($"sidePanel.setOptions: path \"{OneLineText.Escape(path, 80)}\" is not a page of the extension");
        SidePanelSettings.For(extension).Set(extension, new PanelOptions(tabId, path, TabCalls.Bool(call[0], "enabled")));
        return call.Answer(JsValue.Undefined);
    }

    /// <summary><c>open({tabId, windowId})</c>: the panel available there opens (answered once its page has loaded).</summary>
    private static JsValue Open(ApiCall call)
    {
        var realm = call.Realm;
        var extension = realm.Extension;
        var tabId = TabCalls.Int(call[0], "tabId");
        var windowId = TabCalls.Int(call[0], "windowId");
        PanelOptions options;
        if (tabId is { } tab)
        {
            if (TabCalls.VisibleTab(call, tab) is not { } found) return call.Fail(NoTab(tab));
            if (windowId is { } window && window != found.WindowId) return call.Fail("The specified tab does not belong to the specified window.");
            options = SidePanelSettings.Options(extension, tab);
            if (!options.Available) return call.Fail($"No active side panel for tabId: {tab.ToString(CultureInfo.InvariantCulture)}");
        }
        else if (windowId is { } window)
        {
            if (TabCalls.VisibleWindow(call, window) is null) return call.Fail(TabCalls.NoWindow(call, window));
            options = SidePanelSettings.Options(extension, null);
            if (!options.Available) return call.Fail($"No active side panel for windowId: {window.ToString(CultureInfo.InvariantCulture)}");
        }
        else return call.Fail("At least one of `tabId` and `windowId` must be provided");

        var reply = call.Reply!;
        SupervisorRequests.Ask(call, new PanelSignals.OpenSidePanel(options.Path!, realm.Info.IsPrivate), _ => reply.Resolve(JsValue.Undefined), message => reply.Reject(message));
        return JsValue.Undefined;
    }

    /// <summary>Chromium's <c>side_panel_service.cc</c> wording for a tab it cannot find.</summary>
    private static string NoTab(int tabId) => $"No tab with tabId: {tabId.ToString(CultureInfo.InvariantCulture)}";

    private static bool InsideExtension(ExtensionKernel extension, string path)
    {
        try
        {
            extension.Package.Resolve(path);
            return true;
        }
        catch (ManifestException)
        {
            return false;
        }
    }

    private static JsValue ToObject(ApiCall call, PanelOptions options)
    {
        var result = new JsObject(call.Realm.Engine);
        if (options.TabId is { } tabId) result.FastSetDataProperty("tabId", tabId);
        if (options.Path is { } path) result.FastSetDataProperty("path", path);
        if (options.Enabled is { } enabled) result.FastSetDataProperty("enabled", enabled);
        return result;
    }
}
