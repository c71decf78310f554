using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary>
/// The toolbar button: values set globally and per tab, read back over the manifest's defaults, per-tab values forgotten
/// as each browser forgets them, badge colours, and a click that opens the popup or fires onClicked with activeTab.
/// </summary>
public class ActionSpec : RuntimeSpec
{
    private static Dictionary<string, string> Extension(string button = "\"browser_action\": { \"default_title\": \"Default\" },", string permissions = "\"activeTab\"",
        string background = Manifests.PersistentScripts)
    {
        var manifest = $$"""
            { "manifest_version": 2, "name": "button", "version": "1.0", "permissions": [{{permissions}}], {{background}} {{button}}
              "content_scripts": [{ "matches": ["https://example.com/*"], "js": ["content.js"] }] }
            """;
        return new()
        {
            ["manifest.json"] = manifest,
            ["background.js"] = """
                (browser.browserAction ?? browser.action).onClicked.addListener((tab, info) => {
                  console.log('clicked ' + tab.id + ' ' + tab.url + ' ' + JSON.stringify(info ?? null));
                  return 'handled';
                });
                """,
            ["content.js"] = "",
            ["popup.html"] = ExtensionFolder.Html("popup.js"),
            ["popup.js"] = "var popupLoaded = true;",
            ["other.html"] = ExtensionFolder.Html(),
        };
    }

    [Fact]
    public async Task A_tabs_value_wins_over_the_global_one_which_wins_over_the_manifests()
    {
        var e = await Load(Extension());
        await e.OpenAsync("tab:https://example.com/a");
        await e.OpenAsync("tab:https://example.com/b");
        Assert.Equal("[\"Default\",\"Global\",\"For tab 1\",\"Global\",\"\",\"7\"]", await e.EvaluateAsync("background", """
            const before = await browser.browserAction.getTitle({});
            await browser.browserAction.setTitle({ title: 'Global' });
            await browser.browserAction.setTitle({ title: 'For tab 1', tabId: 1 });
            await browser.browserAction.setBadgeText({ text: '7', tabId: 2 });
            [before, await browser.browserAction.getTitle({}), await browser.browserAction.getTitle({ tabId: 1 }),
             await browser.browserAction.getTitle({ tabId: 2 }), await browser.browserAction.getBadgeText({ tabId: 1 }),
             await browser.browserAction.getBadgeText({ tabId: 2 })]
            """));
        var state = e.Action(2);
        Assert.Equal(("Global", "7", true, (string?)null), (state.Title, state.Badge, state.Enabled, state.Popup));
    }

    [Theory]
    [InlineData(Flavor.Firefox, "\"Global\"")]
    [InlineData(Flavor.Chrome, "\"For the tab\"")]
    public async Task Firefox_forgets_a_tabs_values_when_it_navigates_and_Chromium_when_it_closes(Flavor flavor, string afterNavigation)
    {
        var e = await Load(Extension(), flavor);
        await e.OpenAsync("tab:https://example.com/a");
        await e.EvaluateAsync("background", "await browser.browserAction.setTitle({ title: 'Global' }); await browser.browserAction.setTitle({ title: 'For the tab', tabId: 1 })");
        await e.EvaluateAsync("background", "await browser.tabs.update(1, { url: 'https://example.com/next' })");
        await e.SettleAsync();
        Assert.Equal(afterNavigation, await e.EvaluateAsync("background", "await browser.browserAction.getTitle({ tabId: 1 })"));
    }

    [Theory]
    [InlineData(Flavor.Firefox, "[217,0,0,255]", "\"Invalid badge color: not a colour\"")]
    [InlineData(Flavor.Chrome, "[0,0,0,0]", "\"The color specification could not be parsed.\"")]
    public async Task Badge_colours_take_css_or_arrays_and_answer_arrays(Flavor flavor, string defaultColor, string refusal)
    {
        var e = await Load(Extension(), flavor);
        Assert.Equal(defaultColor, await e.EvaluateAsync("background", "await browser.browserAction.getBadgeBackgroundColor({})"));
        Assert.Equal("[[255,0,0,255],[1,2,3,128]]", await e.EvaluateAsync("background", """
            await browser.browserAction.setBadgeBackgroundColor({ color: 'red' });
            const named = await browser.browserAction.getBadgeBackgroundColor({});
            await browser.browserAction.setBadgeBackgroundColor({ color: [1, 2, 3, 128] });
            [named, await browser.browserAction.getBadgeBackgroundColor({})]
            """));
        Assert.Equal(refusal, await e.EvaluateAsync("background",
            "await browser.browserAction.setBadgeBackgroundColor({ color: 'not a colour' }).then(() => 'ok', e => e.message)"));
    }

    [Fact]
    public async Task A_click_without_a_popup_fires_onClicked_with_the_tab_and_grants_activeTab()
    {
        var e = await Load(Extension(permissions: "\"activeTab\""), Flavor.Firefox);
        await e.OpenAsync("tab:https://example.com/a");
        Assert.Equal("null", await e.EvaluateAsync("background", "(await browser.tabs.get(1)).url ?? null"));
        var clicked = await e.ClickActionAsync(null);
        Assert.Equal(("browserAction", "[\"handled\"]"), (clicked.Namespace, clicked.ListenerResultsJson));
        await e.SettleAsync();
        Assert.Contains("clicked 1 https://example.com/a {\"modifiers\":[],\"button\":0}", Lines("background"));
        // The grant holds until the tab navigates.
        Assert.Equal("\"https://example.com/a\"", await e.EvaluateAsync("background", "(await browser.tabs.get(1)).url"));
        await e.EvaluateAsync("background", "await browser.tabs.update(1, { url: 'https://example.com/b' })");
        Assert.Equal("null", await e.EvaluateAsync("background", "(await browser.tabs.get(1)).url ?? null"));
    }

    [Fact]
    public async Task A_click_opens_the_popup_the_tab_has_and_a_disabled_button_ignores_it()
    {
        var e = await Load(Extension(button: "\"browser_action\": { \"default_popup\": \"popup.html\" },"), Flavor.Chrome);
        await e.OpenAsync("tab:https://example.com/a");
        await e.OpenAsync("tab:https://example.com/b");
        await e.EvaluateAsync("background", "await chrome.browserAction.setPopup({ popup: 'other.html', tabId: 1 }); await chrome.browserAction.disable(2)");
        Assert.Equal("the button is disabled in that tab", (await e.ClickActionAsync(2)).IgnoredBecause);
        Assert.Equal("popup", (await e.ClickActionAsync(1)).PopupLabel);
        Assert.Equal("\"/other.html\"", await e.EvaluateAsync("popup", "location.pathname"));
        Assert.Equal("true", await e.EvaluateAsync("background", "(await chrome.browserAction.getPopup({ tabId: 1 })).endsWith('/other.html')"));
    }

    [Fact]
    public async Task A_click_wakes_a_suspended_event_page_and_with_no_tab_is_refused()
    {
        var e = await Load(Extension(background: Manifests.EventPageScripts));
        var refused = await Assert.ThrowsAsync<ExtensionRequestException>(() => e.ClickActionAsync(null));
        Assert.Contains("the browser has no tab open", refused.Message);
        await e.OpenAsync("tab:https://example.com/a");
        await SuspendIdleEventPage(e);
        Assert.Equal("[\"handled\"]", (await e.ClickActionAsync(null)).ListenerResultsJson);
    }

    [Fact]
    public async Task A_page_action_shows_only_where_it_was_shown()
    {
        var e = await Load(Extension(button: "\"page_action\": { \"default_title\": \"Page\" },"));
        await e.OpenAsync("tab:https://example.com/a");
        Assert.Equal("[false,true]", await e.EvaluateAsync("background",
            "const before = await browser.pageAction.isShown({ tabId: 1 }); await browser.pageAction.show(1); [before, await browser.pageAction.isShown({ tabId: 1 })]"));
        Assert.Equal("pageAction", e.Action(1).Namespace);
    }
}
