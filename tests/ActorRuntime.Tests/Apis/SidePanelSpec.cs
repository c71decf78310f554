using ActorRuntime.Manifest;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary>Chromium's side panel: options per tab over the manifest's default, open on a user gesture, the button opening it, labelled <c>sidebar</c>.</summary>
public class SidePanelSpec : RuntimeSpec
{
    private static Dictionary<string, string> Extension() => OffscreenDocumentSpec.Extension();

    [Fact]
    public async Task Options_are_kept_per_tab_over_the_default_and_the_manifests()
    {
        var e = await Load(Extension(), Flavor.Chrome);
        await e.OpenAsync("tab:https://example.com/");
        await e.OpenAsync("tab:https://example.org/");
        Assert.Equal("{\"path\":\"panel.html\",\"enabled\":true}", await e.EvaluateAsync("background", "await chrome.sidePanel.getOptions({})"));
        await e.EvaluateAsync("background", "await chrome.sidePanel.setOptions({ tabId: 1, path: 'other.html' })");
        Assert.Equal("[{\"tabId\":1,\"path\":\"other.html\",\"enabled\":true},{\"path\":\"panel.html\",\"enabled\":true}]", await e.EvaluateAsync("background",
            "[await chrome.sidePanel.getOptions({ tabId: 1 }), await chrome.sidePanel.getOptions({ tabId: 2 })]"));
        // The default changes over the manifest's; a tab with options of its own keeps them, and a given field changes them.
        await e.EvaluateAsync("background", "await chrome.sidePanel.setOptions({ enabled: false }); await chrome.sidePanel.setOptions({ tabId: 1, enabled: false })");
        Assert.Equal("[{\"tabId\":1,\"path\":\"other.html\",\"enabled\":false},{\"path\":\"panel.html\",\"enabled\":false}]", await e.EvaluateAsync("background",
            "[await chrome.sidePanel.getOptions({ tabId: 1 }), await chrome.sidePanel.getOptions({ tabId: 2 })]"));
        Assert.Equal("[\"No tab with tabId: 99\",\"sidePanel.setOptions: path \\\"../x.html\\\" is not a page of the extension\"]", await e.EvaluateAsync("background", """
            [await chrome.sidePanel.setOptions({ tabId: 99, path: 'other.html' }).catch(e => e.message),
             await chrome.sidePanel.setOptions({ path: '../x.html' }).catch(e => e.message)]
            """));
    }

    [Fact]
    public async Task Open_needs_a_user_gesture_and_shows_the_tabs_panel_as_the_sidebar_context()
    {
        var e = await Load(Extension(), Flavor.Chrome);
        var page = await e.OpenAsync("page:page.html");
        Assert.Equal("\"`sidePanel.open()` may only be called in response to a user gesture.\"", await e.EvaluateAsync("background",
            "await chrome.sidePanel.open({ tabId: 1 }).then(() => 'opened', e => e.message)"));
        Assert.DoesNotContain("sidebar", await e.ContextsAsync());

        await e.ActAsync(page, new PageAction(PageActionKind.Click, "#open", null));
        Assert.Equal("\"opened\"", await e.EvaluateAsync(page, "await opened"));
        Assert.Contains("sidebar", await e.ContextsAsync());
        Assert.Equal("\"" + e.BaseUrl + "panel.html\"", await e.EvaluateAsync("sidebar", "location.href"));
        var window = await e.EvaluateAsync(page, "(await chrome.tabs.getCurrent()).windowId");
        Assert.Equal($"[[\"SIDE_PANEL\",-1,{window},0]]", await e.EvaluateAsync("background",
            "(await chrome.runtime.getContexts({ contextTypes: ['SIDE_PANEL'] })).map(c => [c.contextType, c.tabId, c.windowId, c.frameId])"));

        // The tab's own panel replaces the page shown; a disabled one cannot open.
        await e.EvaluateAsync("background", "await chrome.sidePanel.setOptions({ tabId: 1, path: 'other.html' })");
        await e.ActAsync(page, new PageAction(PageActionKind.Click, "#open", null));
        Assert.Equal("\"opened\"", await e.EvaluateAsync(page, "await opened"));
        Assert.Equal("\"" + e.BaseUrl + "other.html\"", await e.EvaluateAsync("sidebar", "location.href"));
        await e.EvaluateAsync("background", "await chrome.sidePanel.setOptions({ tabId: 1, enabled: false })");
        await e.ActAsync(page, new PageAction(PageActionKind.Click, "#open", null));
        Assert.Equal("\"No active side panel for tabId: 1\"", await e.EvaluateAsync(page, "await opened"));
        await e.EvaluateAsync(page, "document.querySelector('#open').onclick = () => { globalThis.opened = chrome.sidePanel.open({}).catch(e => e.message); }; 1");
        await e.ActAsync(page, new PageAction(PageActionKind.Click, "#open", null));
        Assert.Equal("\"At least one of `tabId` and `windowId` must be provided\"", await e.EvaluateAsync(page, "await opened"));
    }

    [Fact]
    public async Task OpenPanelOnActionClick_makes_the_button_open_the_panel_instead_of_firing_onClicked()
    {
        var e = await Load(Extension(), Flavor.Chrome);
        await e.OpenAsync("tab:https://example.com/");
        var first = await e.ClickActionAsync(null);
        Assert.Null(first.PopupLabel);
        Assert.NotNull(first.ListenerResultsJson);
        Assert.Contains("action clicked", Lines("background"));

        Assert.Equal("[{\"openPanelOnActionClick\":false},{\"openPanelOnActionClick\":true}]", await e.EvaluateAsync("background", """
            const before = await chrome.sidePanel.getPanelBehavior();
            await chrome.sidePanel.setPanelBehavior({ openPanelOnActionClick: true });
            [before, await chrome.sidePanel.getPanelBehavior()]
            """));
        var clicks = Lines("background").Count(l => l == "action clicked");
        Assert.Equal("sidebar", (await e.ClickActionAsync(null)).PopupLabel);
        Assert.Equal("\"" + e.BaseUrl + "panel.html\"", await e.EvaluateAsync("sidebar", "location.href"));
        Assert.Equal(clicks, Lines("background").Count(l => l == "action clicked"));
    }

    [Fact]
    public async Task An_open_side_panel_does_not_keep_the_event_page_running()
    {
        var e = await Load(Extension(), Flavor.Chrome);
        await e.OpenAsync("sidebar");
        await SuspendIdleEventPage(e);
        Assert.Contains("sidebar", await e.ContextsAsync());
    }

    [Fact]
    public async Task The_manifests_side_panel_path_is_read_and_checked()
    {
        Assert.Equal("panel.html", (await Load(Extension(), Flavor.Chrome)).Package.Manifest.SidePanelPath);
        var files = Extension();
        files["manifest.json"] = files["manifest.json"].Replace("\"default_path\": \"panel.html\"", "\"default_path\": 7");
        var error = Assert.Throws<ManifestException>(() => ExtensionPackage.Load(Folder(files).Path));
        Assert.EndsWith("$.side_panel.default_path: expected a string, got number 7", error.Message);
        files["manifest.json"] = files["manifest.json"].Replace("\"default_path\": 7", "\"default_path\": \"../panel.html\"");
        error = Assert.Throws<ManifestException>(() => ExtensionPackage.Load(Folder(files).Path));
        Assert.EndsWith("side panel \"../panel.html\": expected a path inside the extension folder", error.Message);
    }

    [Fact]
    public async Task Firefox_has_no_side_panel_and_keeps_its_sidebar_action()
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, ""), Flavor.Firefox);
        Assert.Equal("sidebar", await e.OpenAsync("sidebar"));
        Assert.Equal("true", await e.EvaluateAsync("sidebar", "location.href.endsWith('/sidebar.html')"));
        var panelOnly = await Load(Extension(), Flavor.Firefox);
        Assert.Equal("\"undefined\"", await panelOnly.EvaluateAsync("background", "typeof browser.sidePanel"));
        var error = await Assert.ThrowsAsync<ExtensionRequestException>(() => panelOnly.OpenAsync("sidebar"));
        Assert.Contains("sidebar_action.default_panel", error.Message);
    }
}
