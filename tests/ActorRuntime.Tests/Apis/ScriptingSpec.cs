using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary>
/// <c>scripting.executeScript</c>, <c>insertCSS</c> and <c>removeCSS</c> into the runtime's tabs: the isolated world
/// against the page's MAIN world, results per frame as each browser gives them (a promise awaited), a world made for a
/// tab no content script runs in, the permission refusals per flavour, and style sheets the page's cascade sees.
/// </summary>
public class ScriptingSpec : RuntimeSpec
{
    private const string Page = """
        <!DOCTYPE html><html><head><title>Shop</title><style>#price { color: blue }</style></head><body>
        <p id="price">10</p>
        <script>var pageGlobal = 'page'; document.body.dataset.ready = 'yes';</script>
        </body></html>
        """;

    private static Dictionary<string, string> Extension(string permissions = "\"scripting\"", string hosts = "\"https://example.com/*\"", string extra = "") => new()
    {
        ["manifest.json"] = $$"""
            { "manifest_version": 3, "name": "scripting", "version": "1.0", "background": { "scripts": ["background.js"] },
              "permissions": [{{permissions}}], "host_permissions": [{{hosts}}] {{extra}} }
            """,
        ["background.js"] = "",
        ["inject.js"] = "document.title = 'injected'; [document.title, typeof pageGlobal]",
        ["second.js"] = "window.fromFirst = typeof window.fromFirst; 'second'",
        ["hide.css"] = "#price { display: none }",
        ["popup.html"] = ExtensionFolder.Html(),
    };

    private async Task<LoadedExtension> WithTab(Flavor flavor, Dictionary<string, string>? files = null, string url = "https://example.com/shop")
    {
        var e = await Load(files ?? Extension(), flavor);
        await e.OpenAsync("tab:" + url, pageHtml: Page);
        return e;
    }

    [Theory]
    [MemberData(nameof(AllFlavors))]
    public async Task A_function_runs_in_the_isolated_world_by_default_and_in_the_pages_MAIN_world_when_asked(Flavor flavor)
    {
        var e = await WithTab(flavor);
        Assert.Equal("""[["undefined","yes"],["string","yes","arg",2]]""", await e.EvaluateAsync("background", """
            const probe = (...args) => [typeof pageGlobal, document.body.dataset.ready, ...args];
            const isolated = await browser.scripting.executeScript({ target: { tabId: 1 }, func: probe });
            const main = await browser.scripting.executeScript({ target: { tabId: 1 }, world: 'MAIN', func: probe, args: ['arg', 2] });
            [isolated[0].result, main[0].result]
            """));
        // The isolated world is the content scripts' own: what the injection left there stays for the next one.
        Assert.Equal("\"kept\"", await e.EvaluateAsync("background", """
            await browser.scripting.executeScript({ target: { tabId: 1 }, func: () => { window.left = 'kept'; } });
            (await browser.scripting.executeScript({ target: { tabId: 1 }, func: () => window.left }))[0].result
            """));
    }

    [Theory]
    [InlineData(Flavor.Chrome, """[["documentId","frameId","result"],0,32,null]""")]
    [InlineData(Flavor.Firefox, """[["frameId","result"],0,0,"undefined"]""")]
    public async Task Results_come_per_frame_in_each_browsers_shape(Flavor flavor, string expected)
    {
        var e = await WithTab(flavor);
        Assert.Equal(expected, await e.EvaluateAsync("background", """
            const [frame] = await browser.scripting.executeScript({ target: { tabId: 1 }, func: () => undefined });
            [Object.keys(frame), frame.frameId, (frame.documentId ?? '').length, frame.result === undefined ? 'undefined' : frame.result]
            """));
    }

    [Theory]
    [InlineData(Flavor.Chrome, """[1,"1970-01-01T00:00:00.000Z",false]""")]
    [InlineData(Flavor.Firefox, """[1,"1970-01-01T00:00:00.000Z",true]""")]
    public async Task A_promise_is_awaited_and_its_value_copied_as_JSON_in_Chromium_and_structured_clone_in_Firefox(Flavor flavor, string expected)
    {
        var e = await WithTab(flavor);
        Assert.Equal(expected, await e.EvaluateAsync("background", """
            const [{ result }] = await browser.scripting.executeScript({ target: { tabId: 1 },
              func: async () => { await new Promise(resolve => setTimeout(resolve, 50)); return { a: 1, when: new Date(0) }; } });
            [result.a, result.when instanceof Date ? result.when.toISOString() : result.when, result.when instanceof Date]
            """));
    }

    [Theory]
    [InlineData(Flavor.Chrome, "[null]")]
    [InlineData(Flavor.Firefox, "[\"Script '<anonymous code>' result is non-structured-clonable data\"]")]
    public async Task A_value_that_cannot_be_copied_is_null_in_Chromium_and_refused_in_Firefox(Flavor flavor, string expected)
    {
        var e = await WithTab(flavor);
        Assert.Equal(expected, await e.EvaluateAsync("background", """
            [await browser.scripting.executeScript({ target: { tabId: 1 }, func: () => () => 1 }).then(r => r[0].result, e => e.message)]
            """));
    }

    [Fact]
    public async Task Files_run_in_order_and_the_last_ones_value_is_the_result()
    {
        var e = await WithTab(Flavor.Chrome);
        Assert.Equal("""[["injected","undefined"],"second","undefined"]""", await e.EvaluateAsync("background", """
            const first = await chrome.scripting.executeScript({ target: { tabId: 1 }, files: ['inject.js'] });
            const both = await chrome.scripting.executeScript({ target: { tabId: 1 }, files: ['inject.js', 'second.js'] });
            [first[0].result, both[0].result, (await chrome.scripting.executeScript({ target: { tabId: 1 }, func: () => window.fromFirst }))[0].result]
            """));
        Assert.Equal("\"injected\"", await e.EvaluateAsync("content:https://example.com/shop", "document.title"));
    }

    [Fact]
    public async Task A_tab_none_of_the_content_scripts_apply_to_gets_a_world_labelled_as_content_scripts_are_and_loses_it_on_navigation()
    {
        var e = await Load(Extension(permissions: "\"scripting\", \"tabs\""));
        await e.EvaluateAsync("background", "await browser.tabs.create({ url: 'https://example.com/plain' })");
        await e.SettleAsync();
        Assert.DoesNotContain("content:https://example.com/plain", await e.ContextsAsync());
        Assert.Equal("\"https://example.com/plain\"", await e.EvaluateAsync("background",
            "(await browser.scripting.executeScript({ target: { tabId: 1 }, func: () => { window.marker = 1; return location.href; } }))[0].result"));
        Assert.Contains("content:https://example.com/plain", await e.ContextsAsync());
        Assert.Equal("1", await e.EvaluateAsync("content:https://example.com/plain", "window.marker"));
        await e.EvaluateAsync("background", "await browser.tabs.update(1, { url: 'https://example.com/next' })");
        await e.SettleAsync();
        Assert.DoesNotContain("content:https://example.com/plain", await e.ContextsAsync());
        Assert.Equal("\"undefined\"", await e.EvaluateAsync("background",
            "(await browser.scripting.executeScript({ target: { tabId: 1 }, func: () => typeof window.marker }))[0].result"));
    }

    [Theory]
    [InlineData(Flavor.Chrome, "\"scripting\"", "Cannot access contents of the page. Extension manifest must request permission to access the respective host.")]
    [InlineData(Flavor.Chrome, "\"scripting\", \"tabs\"", "Cannot access contents of url \\\"https://other.example/\\\". Extension manifest must request permission to access this host.")]
    [InlineData(Flavor.Firefox, "\"scripting\"", "Missing host permission for the tab")]
    [InlineData(Flavor.Mdn, "\"scripting\"", "Missing host permission for the tab")]
    public async Task A_page_without_a_host_permission_is_refused_in_the_flavours_words(Flavor flavor, string permissions, string message)
    {
        var e = await Load(Extension(permissions: permissions), flavor);
        await e.OpenAsync("tab:https://other.example/", pageHtml: Page);
        Assert.Equal($"[\"{message}\",\"{message}\"]", await e.EvaluateAsync("background", """
            const failure = p => p.then(() => 'ok', e => e.message);
            [await failure(browser.scripting.executeScript({ target: { tabId: 1 }, func: () => 1 })),
             await failure(browser.scripting.insertCSS({ target: { tabId: 1 }, css: 'p { color: red }' }))]
            """));
        Assert.Equal("[\"No tab with id: 9.\"]".Replace("No tab with id: 9.", flavor == Flavor.Chrome ? "No tab with id: 9." : "Invalid tab ID: 9"),
            await e.EvaluateAsync("background", "[await browser.scripting.executeScript({ target: { tabId: 9 }, func: () => 1 }).then(() => 'ok', e => e.message)]"));
    }

    [Fact]
    public async Task An_activeTab_grant_from_a_click_lets_the_extension_script_the_tab_until_it_navigates()
    {
        var files = Extension(permissions: "\"scripting\", \"activeTab\"", hosts: "", extra: ", \"action\": {}");
        var e = await Load(files, Flavor.Chrome);
        await e.OpenAsync("tab:https://other.example/", pageHtml: Page);
        const string Inject = "await chrome.scripting.executeScript({ target: { tabId: 1 }, func: () => document.title }).then(r => r[0].result, e => e.message)";
        Assert.StartsWith("\"Cannot access contents of the page.", await e.EvaluateAsync("background", Inject));
        await e.ClickActionAsync(1);
        Assert.Equal("\"Shop\"", await e.EvaluateAsync("background", Inject));
    }

    [Theory]
    [MemberData(nameof(AllFlavors))]
    public async Task Inserted_css_is_in_the_pages_cascade_in_both_worlds_without_being_an_element_and_removed_again(Flavor flavor)
    {
        var e = await WithTab(flavor);
        const string Read = """
            (await browser.scripting.executeScript({ target: { tabId: 1 }, world: 'MAIN',
              func: () => { const s = getComputedStyle(document.getElementById('price')); return [s.display, s.color, document.querySelectorAll('style').length]; } }))[0].result
            """;
        Assert.Equal("""["","rgb(0, 0, 255)",1]""", await e.EvaluateAsync("background", Read));
        await e.EvaluateAsync("background", "await browser.scripting.insertCSS({ target: { tabId: 1 }, css: '#price { display: none }' })");
        await e.EvaluateAsync("background", "await browser.scripting.insertCSS({ target: { tabId: 1 }, files: ['hide.css'] })");
        Assert.Equal("""["none","rgb(0, 0, 255)",1]""", await e.EvaluateAsync("background", Read));
        Assert.Equal("\"none\"", await e.EvaluateAsync("content:https://example.com/shop", "getComputedStyle(document.getElementById('price')).display"));
        await e.EvaluateAsync("background", "await browser.scripting.removeCSS({ target: { tabId: 1 }, css: '#price { display: none }' })");
        Assert.Equal("""["none","rgb(0, 0, 255)",1]""", await e.EvaluateAsync("background", Read));
        await e.EvaluateAsync("background", "await browser.scripting.removeCSS({ target: { tabId: 1 }, files: ['hide.css'] })");
        Assert.Equal("""["","rgb(0, 0, 255)",1]""", await e.EvaluateAsync("background", Read));
    }

    [Fact]
    public async Task A_computed_style_is_read_only_and_an_important_inserted_rule_wins_over_the_inline_style()
    {
        var e = await WithTab(Flavor.Firefox);
        await e.EvaluateAsync("background", "await browser.scripting.insertCSS({ target: { tabId: 1 }, css: '#price { visibility: hidden !important }' })");
        Assert.Equal("""["hidden","NoModificationAllowedError"]""", await e.EvaluateAsync("content:https://example.com/shop", """
            const price = document.getElementById('price');
            price.style.visibility = 'visible';
            const style = getComputedStyle(price);
            let error = 'none';
            try { style.setProperty('color', 'red'); } catch (e) { error = e.name; }
            [style.visibility, error]
            """));
    }

    [Theory]
    [InlineData(Flavor.Chrome, "Exactly one of 'func' and 'files' must be specified", "No frame with id 3 in tab with id 1", "Cannot specify 'allFrames' if either 'frameIds' or 'documentIds' is specified.")]
    [InlineData(Flavor.Firefox, "Exactly one of files and func must be specified.", "Frame not found, or missing host permission", "Cannot specify both 'allFrames' and 'frameIds'.")]
    public async Task Malformed_injections_are_refused_in_the_flavours_words(Flavor flavor, string neither, string noFrame, string allAndIds)
    {
        var e = await WithTab(flavor);
        Assert.Equal($"""["{neither}","'args' may not be used with file injections.","{noFrame}","{allAndIds}",[]]""", await e.EvaluateAsync("background", """
            const failure = p => p.then(r => r, e => e.message);
            [await failure(browser.scripting.executeScript({ target: { tabId: 1 } })),
             await failure(browser.scripting.executeScript({ target: { tabId: 1 }, files: ['inject.js'], args: [1] })),
             await failure(browser.scripting.executeScript({ target: { tabId: 1, frameIds: [3] }, func: () => 1 })),
             await failure(browser.scripting.executeScript({ target: { tabId: 1, frameIds: [0], allFrames: true }, func: () => 1 })),
             await failure(browser.scripting.executeScript({ target: { tabId: 1, frameIds: [] }, func: () => 1 }))]
            """));
    }

    [Theory]
    [InlineData(Flavor.Chrome, "[null,\"Could not load file: 'missing.js'.\"]")]
    [InlineData(Flavor.Firefox, "[\"boom\",\"Unable to load script: BASE/missing.js\"]")]
    public async Task What_a_script_throws_is_nulled_in_Chromium_and_handed_back_in_Firefox(Flavor flavor, string expected)
    {
        var e = await WithTab(flavor);
        var result = await e.EvaluateAsync("background", """
            const thrown = (await browser.scripting.executeScript({ target: { tabId: 1 }, func: () => { throw new Error('boom'); } }))[0];
            const missing = await browser.scripting.executeScript({ target: { tabId: 1 }, files: ['missing.js'] }).then(r => r[0].error.message, e => e.message);
            [thrown.error ? thrown.error.message : thrown.result, missing]
            """);
        Assert.Equal(expected.Replace("BASE/", e.BaseUrl), result);
        if (flavor == Flavor.Chrome) Assert.Contains(Lines("content:https://example.com/shop"), line => line.Contains("boom", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_result_awaited_when_the_page_navigates_fails_as_the_document_is_gone()
    {
        var e = await WithTab(Flavor.Chrome, Extension(permissions: "\"scripting\", \"tabs\""));
        Assert.Equal("\"Frame with ID 0 was removed.\"", await e.EvaluateAsync("background", """
            const pending = chrome.scripting.executeScript({ target: { tabId: 1 }, func: () => new Promise(() => {}) }).then(() => 'ok', e => e.message);
            await new Promise(resolve => setTimeout(resolve, 10));
            await chrome.tabs.update(1, { url: 'https://example.com/elsewhere' });
            await pending
            """));
    }
}
