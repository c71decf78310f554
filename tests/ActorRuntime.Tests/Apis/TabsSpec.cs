using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary>
/// <c>tabs</c> and <c>windows</c> over the runtime's browser: queries, opening, navigating and closing tabs with their
/// events, content scripts injected afresh on each navigation, extension pages in tabs, tab privacy, and the browsers'
/// refusals per flavour.
/// </summary>
public class TabsSpec : RuntimeSpec
{
    private const string Logging = """
        browser.tabs.onCreated.addListener(t => console.log('created ' + t.id + ' ' + t.url + ' ' + t.active));
        browser.tabs.onUpdated.addListener((id, change) => console.log('updated ' + id + ' ' + JSON.stringify(change)));
        browser.tabs.onActivated.addListener(info => console.log('activated ' + JSON.stringify(info)));
        browser.tabs.onRemoved.addListener((id, info) => console.log('removed ' + id + ' ' + JSON.stringify(info)));
        """;

    private static Dictionary<string, string> Extension(string permissions = "\"tabs\"", string background = Manifests.PersistentScripts)
    {
        var files = Manifests.Standard(background, Logging, $$"""
            "permissions": [{{permissions}}],
            "content_scripts": [{ "matches": ["https://example.com/*"], "js": ["content.js"] }],
            """);
        files["content.js"] = "var injectedAt = location.href; console.log('injected ' + location.href);";
        return files;
    }

    [Fact]
    public async Task Opening_a_web_tab_makes_it_the_active_tab_of_the_current_window_with_its_content_scripts()
    {
        var e = await Load(Extension());
        Assert.Equal("content:https://example.com/a", await e.OpenAsync("tab:https://example.com/a"));
        await e.SettleAsync();
        Assert.Contains("created 1 https://example.com/a true", Lines("background"));
        Assert.Contains("updated 1 {\"status\":\"complete\"}", Lines("background"));
        Assert.Equal("[[1,0,1,\"https://example.com/a\",\"complete\"]]", await e.EvaluateAsync("background",
            "(await browser.tabs.query({ active: true, currentWindow: true })).map(t => [t.id, t.index, t.windowId, t.url, t.status])"));
        Assert.Equal("\"https://example.com/a\"", await e.EvaluateAsync("content:https://example.com/a", "injectedAt"));
    }

    [Fact]
    public async Task A_navigation_reports_loading_then_complete_and_runs_the_content_scripts_again_in_a_fresh_world()
    {
        var e = await Load(Extension());
        await e.OpenAsync("tab:https://example.com/a");
        await e.EvaluateAsync("content:https://example.com/a", "window.leftOver = 1");
        Assert.Equal("\"https://example.com/b\"", await e.EvaluateAsync("background", "(await browser.tabs.update(1, { url: 'https://example.com/b' })).url"));
        await e.SettleAsync();
        var lines = Lines("background");
        Assert.Contains("updated 1 {\"status\":\"loading\",\"url\":\"https://example.com/b\"}", lines);
        Assert.Contains("updated 1 {\"title\":\"example.com/b\",\"status\":\"complete\"}", lines);
        Assert.DoesNotContain("content:https://example.com/a", await e.ContextsAsync());
        Assert.Equal("[\"https://example.com/b\",\"undefined\"]", await e.EvaluateAsync("content:https://example.com/b", "[injectedAt, typeof leftOver]"));
        // Back in history: the first page, injected once more.
        await e.EvaluateAsync("background", "browser.tabs.goBack(1)");
        await e.SettleAsync();
        Assert.Equal("\"https://example.com/a\"", await e.EvaluateAsync("content:https://example.com/a", "injectedAt"));
    }

    [Fact]
    public async Task Tabs_the_extension_creates_and_removes_fire_their_events_and_get_or_lose_their_contexts()
    {
        var e = await Load(Extension());
        await e.OpenAsync("tab:https://example.com/a");
        Assert.Equal("[2,true,1]", await e.EvaluateAsync("background",
            "const t = await browser.tabs.create({ url: 'https://example.com/b', openerTabId: 1 }); [t.id, t.active, t.openerTabId]"));
        await e.SettleAsync();
        Assert.Contains("activated {\"tabId\":2,\"windowId\":1,\"previousTabId\":1}", Lines("background"));
        Assert.Contains("content:https://example.com/b", await e.ContextsAsync());
        await e.EvaluateAsync("background", "browser.tabs.remove(2)");
        await e.SettleAsync();
        Assert.Contains("removed 2 {\"windowId\":1,\"isWindowClosing\":false}", Lines("background"));
        Assert.Contains("activated {\"tabId\":1,\"windowId\":1}", Lines("background"));
        Assert.DoesNotContain("content:https://example.com/b", await e.ContextsAsync());
    }

    [Fact]
    public async Task A_tab_on_an_extension_page_is_a_page_context_and_closing_its_view_closes_the_tab()
    {
        var e = await Load(Extension());
        Assert.Equal(1.0, double.Parse(await e.EvaluateAsync("background", "(await browser.tabs.create({ url: 'tab.html?x=1' })).id")));
        await e.SettleAsync();
        Assert.Contains("page:tab.html?x=1", await e.ContextsAsync());
        Assert.Equal("[1,\"?x=1\"]", await e.EvaluateAsync("page:tab.html?x=1", "[(await browser.tabs.getCurrent()).id, location.search]"));
        Assert.Equal("null", await e.EvaluateAsync("background", "(await browser.tabs.getCurrent()) ?? null"));
        await e.CloseAsync("page:tab.html?x=1");
        await e.SettleAsync();
        Assert.Contains("removed 1 {\"windowId\":1,\"isWindowClosing\":false}", Lines("background"));
        Assert.Equal("0", await e.EvaluateAsync("background", "(await browser.tabs.query({})).length"));
    }

    [Theory]
    [InlineData(Flavor.Firefox, "Invalid tab ID: 42", "Invalid window ID: 7")]
    [InlineData(Flavor.Chrome, "No tab with id: 42.", "No window with id: 7.")]
    public async Task Unknown_tabs_and_windows_are_refused_in_the_flavours_words(Flavor flavor, string noTab, string noWindow)
    {
        var e = await Load(Extension(), flavor);
        Assert.Equal($"[\"{noTab}\",\"{noTab}\",\"{noWindow}\"]", await e.EvaluateAsync("background", """
            const failure = p => p.then(() => 'ok', e => e.message);
            [await failure(browser.tabs.get(42)), await failure(browser.tabs.update(42, { pinned: true })), await failure(browser.windows.get(7))]
            """));
    }

    [Fact]
    public async Task Without_the_tabs_permission_url_and_title_show_only_where_a_host_permission_matches()
    {
        var e = await Load(Extension(permissions: "\"https://example.com/*\""));
        await e.OpenAsync("tab:https://example.com/a");
        await e.OpenAsync("tab:https://other.example/");
        Assert.Equal("[[1,\"https://example.com/a\",\"example.com/a\"],[2,null,null]]", await e.EvaluateAsync("background",
            "(await browser.tabs.query({})).map(t => [t.id, t.url ?? null, t.title ?? null])"));
        // A url query leaves out the tabs whose address the extension may not see.
        Assert.Equal("[1]", await e.EvaluateAsync("background", "(await browser.tabs.query({ url: '*://*/*' })).map(t => t.id)"));
        await e.SettleAsync();
        Assert.Contains("created 2 undefined true", Lines("background"));
    }

    [Fact]
    public async Task Query_takes_every_property_it_is_given()
    {
        var e = await Load(Extension());
        await e.OpenAsync("tab:https://example.com/a");
        await e.OpenAsync("tab:https://example.com/b");
        await e.OpenAsync("tab:https://other.example/c");
        Assert.Equal("[[2],[1,3],[2,3],[3],[1],[],[1,2,3]]", await e.EvaluateAsync("background", """
            await browser.tabs.update(2, { pinned: true });
            const ids = async q => (await browser.tabs.query(q)).map(t => t.id);
            [await ids({ pinned: true }), await ids({ pinned: false }), await ids({ url: ['https://example.com/b', '*://other.example/*'] }),
             await ids({ active: true, lastFocusedWindow: true }), await ids({ index: 0 }), await ids({ title: 'nothing*' }), await ids({ status: 'complete' })]
            """));
        Assert.Equal("\"Invalid url pattern: nonsense\"", await e.EvaluateAsync("background",
            "await browser.tabs.query({ url: 'nonsense' }).then(() => 'ok', e => e.message)"));
    }

    [Fact]
    public async Task Windows_open_focus_and_close_with_their_tabs()
    {
        var e = await Load(Extension());
        await e.OpenAsync("tab:https://example.com/a");
        Assert.Equal("[2,true,[2,3]]", await e.EvaluateAsync("background", """
            const w = await browser.windows.create({ url: ['https://example.com/b', 'https://example.com/c'] });
            [w.id, w.focused, w.tabs.map(t => t.id)]
            """));
        Assert.Equal("[2,[[1,false,[1]],[2,true,[2,3]]]]", await e.EvaluateAsync("background", """
            [(await browser.windows.getLastFocused()).id,
             (await browser.windows.getAll({ populate: true })).map(w => [w.id, w.focused, w.tabs.map(t => t.id)])]
            """));
        await e.EvaluateAsync("background", "browser.windows.onFocusChanged.addListener(id => console.log('focus ' + id)); browser.windows.remove(2)");
        await e.SettleAsync();
        Assert.Contains("removed 2 {\"windowId\":2,\"isWindowClosing\":true}", Lines("background"));
        Assert.Contains("focus 1", Lines("background"));
        Assert.Equal("[1]", await e.EvaluateAsync("background", "(await browser.tabs.query({})).map(t => t.id)"));
    }

    [Fact]
    public async Task A_tab_event_wakes_a_suspended_event_page_that_listened_for_it()
    {
        var e = await Load(Extension(background: Manifests.EventPageScripts));
        await SuspendIdleEventPage(e);
        await e.OpenAsync("tab:https://example.com/a");
        await e.SettleAsync();
        Assert.Contains("background", await e.ContextsAsync());
        Assert.Contains("created 1 https://example.com/a true", Lines("background"));
    }

    [Fact]
    public async Task Extensions_of_one_runtime_share_its_browser()
    {
        var options = Options(Flavor.Firefox).WithBrowser();
        var first = await Load(Extension(), options);
        var second = await Load(Extension(), options);
        await first.EvaluateAsync("background", "browser.tabs.create({ url: 'https://example.com/shared' })");
        await second.SettleAsync();
        Assert.Equal("[[1,\"https://example.com/shared\"]]", await second.EvaluateAsync("background",
            "(await browser.tabs.query({})).map(t => [t.id, t.url])"));
        Assert.Equal("\"https://example.com/shared\"", await second.EvaluateAsync("content:https://example.com/shared", "injectedAt"));
    }

    [Fact]
    public async Task Private_tabs_are_unknown_to_an_extension_not_allowed_in_private_windows()
    {
        var options = Options(Flavor.Chrome).WithBrowser();
        var allowed = await Load(Extension(), options);
        var files = Extension();
        files["manifest.json"] = files["manifest.json"].Replace("\"manifest_version\": 2,", "\"manifest_version\": 2, \"incognito\": \"not_allowed\",");
        var notAllowed = await Load(files, options);
        await allowed.OpenAsync("tab:https://example.com/private", isPrivate: true);
        Assert.Equal("[1,true]", await allowed.EvaluateAsync("background", "const [t] = await chrome.tabs.query({}); [t.id, t.incognito]"));
        Assert.Equal("[0,\"No tab with id: 1.\"]", await notAllowed.EvaluateAsync("background",
            "[(await chrome.tabs.query({})).length, await chrome.tabs.get(1).then(() => 'ok', e => e.message)]"));
    }

    [Theory]
    [InlineData(Flavor.Firefox, "Missing activeTab permission")]
    [InlineData(Flavor.Chrome, "Either the '<all_urls>' or 'activeTab' permission is required.")]
    public async Task Capturing_a_tab_needs_all_urls_or_an_activeTab_grant(Flavor flavor, string refusal)
    {
        var e = await Load(Extension(permissions: "\"tabs\", \"activeTab\""), flavor);
        await e.OpenAsync("tab:https://example.com/a");
        Assert.Equal($"\"{refusal}\"", await e.EvaluateAsync("background", "await browser.tabs.captureVisibleTab().then(() => 'ok', e => e.message)"));
        var all = await Load(Extension(permissions: "\"tabs\", \"<all_urls>\""), flavor);
        Assert.Equal("true", await all.EvaluateAsync("background", "(await browser.tabs.captureVisibleTab()).startsWith('data:image/png;base64,')"));
    }

    [Fact]
    public async Task A_host_script_sees_every_tab_and_moves_as_the_user_does()
    {
        var e = await Load(Extension(permissions: "\"storage\""));
        e.RunHostScript("""
            const tab = host.openTab('https://example.com/a');
            host.openTab('https://other.example/', { active: false });
            host.navigate(tab.id, 'https://example.com/b');
            console.log(JSON.stringify(host.tabs().map(t => [t.id, t.url, t.active])));
            host.closeTab(2);
            console.log(JSON.stringify(host.windows()));
            """, "host.js");
        await e.SettleAsync();
        Assert.Contains("[[1,\"https://example.com/b\",true],[2,\"https://other.example/\",false]]", Lines("host"));
        Assert.Contains("[{\"id\":1,\"focused\":true,\"incognito\":false,\"type\":\"normal\",\"state\":\"normal\",\"tabs\":[1]}]", Lines("host"));
        // The extension hears the user's tabs as its permissions let it: without "tabs", no address.
        Assert.Contains("created 1 undefined true", Lines("background"));
        Assert.Equal("\"https://example.com/b\"", await e.EvaluateAsync("content:https://example.com/b", "injectedAt"));
        Assert.Throws<ScriptFailureException>(() => e.RunHostScript("host.closeTab(9)", "host.js"));
        Assert.Contains("Uncaught Error: the browser has no tab 9 (host.js)", Lines("host"));
    }

    [Fact]
    public async Task A_tab_shows_its_pages_title_once_loaded()
    {
        var e = await Load(Extension());
        await e.OpenAsync("tab:https://example.com/titled", pageHtml: "<!doctype html><title>Example Domain</title><p>hi</p>");
        await e.SettleAsync();
        Assert.Contains("updated 1 {\"title\":\"Example Domain\"}", Lines("background"));
        Assert.Equal("\"Example Domain\"", await e.EvaluateAsync("background", "(await browser.tabs.get(1)).title"));
    }
}
