using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary>
/// Content scripts as browsers apply them: <c>exclude_matches</c> and the globs, <c>css</c> in the page's cascade,
/// <c>run_at</c> against the page's own scripts and events, <c>world: "MAIN"</c>; scripts an extension registers
/// (<c>scripting.registerContentScripts</c>, Firefox's <c>contentScripts.register</c>) injected on later navigations
/// and not after they are unregistered; and MV2's <c>tabs.executeScript</c> and <c>tabs.insertCSS</c>.
/// </summary>
public class ContentScriptRulesSpec : RuntimeSpec
{
    private const string Page = """
        <!DOCTYPE html><html><head><title>Page</title></head><body>
        <div id="box">box</div>
        <script>
          var pageGlobal = 'page';
          const root = document.documentElement;
          root.dataset.order = (root.dataset.order ?? '') + 'page,';
          document.addEventListener('DOMContentLoaded', () => root.dataset.order += 'dcl,');
          window.addEventListener('load', () => root.dataset.order += 'load,');
        </script>
        </body></html>
        """;

    private static Dictionary<string, string> Extension(string contentScripts, int manifestVersion = 2, string permissions = "", string hosts = "") => new()
    {
        ["manifest.json"] = $$"""
            { "manifest_version": {{manifestVersion}}, "name": "rules", "version": "1.0", "background": { "scripts": ["background.js"] },
              "permissions": [{{permissions}}], {{(manifestVersion == 3 ? $"\"host_permissions\": [{hosts}]," : "")}}
              "content_scripts": [{{contentScripts}}] }
            """,
        ["background.js"] = "",
        ["mark.js"] = "var injected = location.href;",
        ["start.js"] = """
            const root = document.documentElement;
            var atStart = [document.readyState, document.body === null, root.dataset.order ?? 'none'];
            root.dataset.order = (root.dataset.order ?? '') + 'start,';
            """,
        ["end.js"] = "var atEnd = document.readyState; document.documentElement.dataset.order += 'end,';",
        ["idle.js"] = "var atIdle = document.readyState; document.documentElement.dataset.order += 'idle,';",
        ["main.js"] = "var seenFromMain = typeof pageGlobal; document.documentElement.dataset.main = seenFromMain;",
        ["object.js"] = "({ a: 1 })",
        ["hide.css"] = "#box { display: none }",
        ["registered.js"] = "var registered = 'yes';",
    };

    [Fact]
    public async Task Exclude_matches_and_the_globs_narrow_where_the_scripts_run()
    {
        var e = await Load(Extension("""
            { "matches": ["https://example.com/*"], "exclude_matches": ["https://example.com/private/*"],
              "include_globs": ["*example.com/s*", "*example.com/p*"], "exclude_globs": ["*?skip"], "js": ["mark.js"] }
            """));
        foreach (var url in new[] { "https://example.com/shop", "https://example.com/private/x", "https://example.com/other", "https://example.com/shop?skip", "https://example.com/p1" })
            await e.OpenAsync("tab:" + url);
        string Injected(string url) => "content:" + url;
        Assert.Equal("\"https://example.com/shop\"", await e.EvaluateAsync(Injected("https://example.com/shop"), "typeof injected === 'string' ? injected : 'no'"));
        Assert.Equal("\"https://example.com/p1\"", await e.EvaluateAsync(Injected("https://example.com/p1"), "typeof injected === 'string' ? injected : 'no'"));
        foreach (var url in new[] { "https://example.com/private/x", "https://example.com/other", "https://example.com/shop?skip" })
            Assert.Equal("\"no\"", await e.EvaluateAsync(Injected(url), "typeof injected === 'string' ? injected : 'no'"));
    }

    [Fact]
    public async Task Run_at_places_each_script_at_its_point_of_the_pages_load()
    {
        var e = await Load(Extension("""
            { "matches": ["https://example.com/*"], "js": ["idle.js"] },
            { "matches": ["https://example.com/*"], "js": ["end.js"], "run_at": "document_end" },
            { "matches": ["https://example.com/*"], "js": ["start.js"], "run_at": "document_start" }
            """));
        var label = await e.OpenAsync("tab:https://example.com/a", pageHtml: Page);
        Assert.Equal("""[["loading",true,"none"],"interactive","complete","start,page,dcl,end,load,idle,"]""",
            await e.EvaluateAsync(label, "[atStart, atEnd, atIdle, document.documentElement.dataset.order]"));
    }

    [Fact]
    public async Task The_manifests_css_is_in_the_pages_cascade_before_its_scripts_run()
    {
        var e = await Load(Extension("""{ "matches": ["https://example.com/*"], "css": ["hide.css"], "js": ["start.js"], "run_at": "document_start" }"""));
        var label = await e.OpenAsync("tab:https://example.com/a", pageHtml: Page);
        Assert.Equal("""["none",0]""", await e.EvaluateAsync(label,
            "[getComputedStyle(document.getElementById('box')).display, document.querySelectorAll('style, link').length]"));
    }

    [Theory]
    [InlineData(Flavor.Chrome, 3, "string")]
    [InlineData(Flavor.Chrome, 2, "undefined")]
    [InlineData(Flavor.Firefox, 3, "string")]
    public async Task A_content_script_of_the_MAIN_world_runs_with_the_pages_globals(Flavor flavor, int manifestVersion, string seen)
    {
        var e = await Load(Extension("""{ "matches": ["https://example.com/*"], "js": ["main.js"], "world": "MAIN" }""", manifestVersion), flavor);
        var label = await e.OpenAsync("tab:https://example.com/a", pageHtml: Page);
        // What the script saw is left on the shared document; its own globals are the page's, not the isolated world's.
        Assert.Equal($"[\"{seen}\",\"{(seen == "string" ? "undefined" : "string")}\"]",
            await e.EvaluateAsync(label, "[document.documentElement.dataset.main, typeof seenFromMain]"));
    }

    [Theory]
    [InlineData("\"world\": \"PAGE\"", "$.content_scripts[0].world: expected \"ISOLATED\" or \"MAIN\", got \"PAGE\"")]
    [InlineData("\"exclude_matches\": [\"nonsense\"]", "$.content_scripts[0].exclude_matches[0]: \"nonsense\" is not a match pattern")]
    [InlineData("\"all_frames\": \"yes\"", "$.content_scripts[0].all_frames: expected true or false")]
    [InlineData("\"include_globs\": [1]", "$.content_scripts[0].include_globs[0]: expected a string")]
    public async Task A_bad_content_script_key_is_refused_with_one_line_naming_it(string key, string expected)
    {
        var files = Extension($$"""{ "matches": ["https://example.com/*"], "js": ["mark.js"], {{key}} }""");
        var error = await Assert.ThrowsAsync<ManifestException>(() => Load(files));
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData(Flavor.Chrome)]
    [InlineData(Flavor.Firefox)]
    public async Task Registered_scripts_run_on_later_navigations_where_the_host_is_permitted_and_not_after_unregistering(Flavor flavor)
    {
        var e = await Load(Extension("", 3, "\"scripting\"", "\"https://example.com/*\""), flavor);
        Assert.Equal("""[{"id":"one","js":["registered.js"],"matches":["https://*/*"],"runAt":"document_idle","world":"ISOLATED","persistAcrossSessions":true}]""",
            await e.EvaluateAsync("background", """
            await browser.scripting.registerContentScripts([{ id: 'one', matches: ['https://*/*'], js: ['registered.js'] }]);
            (await browser.scripting.getRegisteredContentScripts()).map(s => ({ id: s.id, js: s.js, matches: s.matches, runAt: s.runAt, world: s.world, persistAcrossSessions: s.persistAcrossSessions }))
            """));
        var label = await e.OpenAsync("tab:https://example.com/a", pageHtml: Page);
        Assert.Equal("\"yes\"", await e.EvaluateAsync(label, "registered"));
        // Without a host permission for the page a registered script does not run there (the manifest's would).
        var other = await e.OpenAsync("tab:https://other.example/", pageHtml: Page);
        Assert.Equal("\"undefined\"", await e.EvaluateAsync(other, "typeof registered"));
        await e.EvaluateAsync("background", "await browser.scripting.unregisterContentScripts({ ids: ['one'] })");
        var after = await e.OpenAsync("tab:https://example.com/b", pageHtml: Page);
        Assert.Equal("\"undefined\"", await e.EvaluateAsync(after, "typeof registered"));
        Assert.Equal("0", await e.EvaluateAsync("background", "(await browser.scripting.getRegisteredContentScripts()).length"));
    }

    [Theory]
    [InlineData(Flavor.Chrome, "Duplicate script ID 'one'", "Script's ID '_x' must not start with '_'", "Nonexistent script ID 'nope'",
        "Script with ID 'nope' does not exist or is not fully registered", "Script with ID 'two' must specify at least one js or css file.",
        "Could not load javascript 'missing.js' for script.")]
    [InlineData(Flavor.Firefox, "Content script with id \\\"one\\\" is already registered.", "Invalid content script id.", "Content script with id \\\"nope\\\" does not exist.",
        "Content script with id \\\"nope\\\" does not exist.", "At least one js or css must be specified.", "ok")]
    public async Task Registration_mistakes_are_refused_in_the_flavours_words(Flavor flavor, string duplicate, string reserved, string unregister, string update,
        string empty, string missing)
    {
        var e = await Load(Extension("", 3, "\"scripting\"", "\"https://example.com/*\""), flavor);
        Assert.Equal($"[\"{duplicate}\",\"{reserved}\",\"{unregister}\",\"{update}\",\"{empty}\",\"{missing}\"]", await e.EvaluateAsync("background", """
            const failure = p => p.then(() => 'ok', e => e.message);
            const s = (id, more) => ({ id, matches: ['https://example.com/*'], js: ['registered.js'], ...more });
            await browser.scripting.registerContentScripts([s('one')]);
            [await failure(browser.scripting.registerContentScripts([s('one')])),
             await failure(browser.scripting.registerContentScripts([s('_x')])),
             await failure(browser.scripting.unregisterContentScripts({ ids: ['nope'] })),
             await failure(browser.scripting.updateContentScripts([s('nope')])),
             await failure(browser.scripting.registerContentScripts([s('two', { js: [] })])),
             await failure(browser.scripting.registerContentScripts([s('three', { js: ['missing.js'] })]))]
            """));
    }

    [Fact]
    public async Task Updating_a_registered_script_changes_where_it_runs()
    {
        var e = await Load(Extension("", 3, "\"scripting\"", "\"<all_urls>\""), Flavor.Chrome);
        await e.EvaluateAsync("background", """
            await chrome.scripting.registerContentScripts([{ id: 'one', matches: ['https://example.com/*'], js: ['registered.js'] }]);
            await chrome.scripting.updateContentScripts([{ id: 'one', matches: ['https://other.example/*'] }]);
            """);
        Assert.Equal("\"undefined\"", await e.EvaluateAsync(await e.OpenAsync("tab:https://example.com/a", pageHtml: Page), "typeof registered"));
        Assert.Equal("\"yes\"", await e.EvaluateAsync(await e.OpenAsync("tab:https://other.example/", pageHtml: Page), "registered"));
    }

    [Fact]
    public async Task Firefoxs_contentScripts_register_takes_code_and_answers_a_handle_to_unregister()
    {
        var e = await Load(Extension("", 2, "\"https://example.com/*\""), Flavor.Firefox);
        Assert.Equal("\"Permission denied to register a content script for https://other.example/*\"", await e.EvaluateAsync("background",
            "await browser.contentScripts.register({ matches: ['https://other.example/*'], js: [{ code: '1' }] }).then(() => 'ok', e => e.message)"));
        await e.EvaluateAsync("background", """
            window.handle = await browser.contentScripts.register({ matches: ['https://example.com/*'], js: [{ file: 'registered.js' }, { code: 'var fromCode = registered + "!";' }] });
            """);
        Assert.Equal("\"yes!\"", await e.EvaluateAsync(await e.OpenAsync("tab:https://example.com/a", pageHtml: Page), "fromCode"));
        Assert.Equal("[null,\"Content script already unregistered\"]", await e.EvaluateAsync("background",
            "[(await handle.unregister()) ?? null, await handle.unregister().then(() => 'ok', e => e.message)]"));
        Assert.Equal("\"undefined\"", await e.EvaluateAsync(await e.OpenAsync("tab:https://example.com/b", pageHtml: Page), "typeof fromCode"));
    }

    [Fact]
    public async Task A_contentScripts_registration_goes_with_the_event_page_that_made_it()
    {
        var files = Extension("", 2, "\"https://example.com/*\"");
        files["manifest.json"] = files["manifest.json"].Replace("\"scripts\": [\"background.js\"]", "\"scripts\": [\"background.js\"], \"persistent\": false");
        files["background.js"] = "browser.contentScripts.register({ matches: ['https://example.com/*'], js: [{ file: 'registered.js' }] });";
        var e = await Load(files, Flavor.Firefox);
        await e.SettleAsync();
        Assert.Equal("\"yes\"", await e.EvaluateAsync(await e.OpenAsync("tab:https://example.com/a", pageHtml: Page), "registered"));
        await SuspendIdleEventPage(e);
        Assert.Equal("\"undefined\"", await e.EvaluateAsync(await e.OpenAsync("tab:https://example.com/b", pageHtml: Page), "typeof registered"));
    }

    [Theory]
    [InlineData(Flavor.Firefox, "[]")]
    [InlineData(Flavor.Chrome, "[\"kept\"]")]
    public async Task A_reload_clears_registered_scripts_in_Firefox_and_keeps_those_persisting_across_sessions_in_Chromium(Flavor flavor, string after)
    {
        var e = await Load(Extension("", 3, "\"scripting\"", "\"https://example.com/*\""), flavor);
        await e.EvaluateAsync("background", """
            await browser.scripting.registerContentScripts([
              { id: 'kept', matches: ['https://example.com/*'], js: ['registered.js'] },
              { id: 'session', matches: ['https://example.com/*'], js: ['registered.js'], persistAcrossSessions: false }]);
            browser.runtime.reload(); 0
            """);
        await e.SettleAsync();
        Assert.Equal(after, await e.EvaluateAsync("background", "(await browser.scripting.getRegisteredContentScripts()).map(s => s.id)"));
    }

    [Fact]
    public async Task Registering_and_inserting_past_the_limits_is_refused_naming_the_key()
    {
        var options = Options(Flavor.Chrome) with { Injection = new ActorRuntime.Kernel.InjectionLimits(MaxRegisteredScripts: 1, MaxInsertedStyles: 1) };
        var e = await Load(Extension("", 3, "\"scripting\"", "\"https://example.com/*\""), options);
        await e.OpenAsync("tab:https://example.com/a", pageHtml: Page);
        Assert.Equal("""["the extension may have 1 content scripts registered at once (actorruntime.scripting.max-registered-scripts)","the document has 1 style sheets inserted already (actorruntime.scripting.max-inserted-styles)"]""",
            await e.EvaluateAsync("background", """
            const failure = p => p.then(() => 'ok', e => e.message);
            const s = id => ({ id, matches: ['https://example.com/*'], js: ['registered.js'] });
            await chrome.scripting.registerContentScripts([s('one')]);
            await chrome.scripting.insertCSS({ target: { tabId: 1 }, css: 'p {}' });
            [await failure(chrome.scripting.registerContentScripts([s('two')])),
             await failure(chrome.scripting.insertCSS({ target: { tabId: 1 }, css: 'div {}' }))]
            """));
    }

    [Theory]
    [InlineData(Flavor.Firefox, """[["Page","string"],[7],[{"a":1}],"executeScript requires either a 'code' or a 'file' property, but not both","Missing host permission for the tab"]""")]
    [InlineData(Flavor.Chrome, """[["Page","string"],[{}],[{"a":1}],"No source code or file specified.","Cannot access contents of url \"https://other.example/\". Extension manifest must request permission to access this host."]""")]
    public async Task Mv2_tabs_executeScript_answers_each_frames_value_in_each_browsers_way(Flavor flavor, string expected)
    {
        var e = await Load(Extension("", 2, "\"tabs\", \"https://example.com/*\""), flavor);
        await e.OpenAsync("tab:https://example.com/a", pageHtml: Page);
        await e.OpenAsync("tab:https://other.example/", pageHtml: Page);
        var call = flavor == Flavor.Chrome ? "(...args) => new Promise((resolve, reject) => chrome.tabs.executeScript(...args, r => chrome.runtime.lastError ? reject(chrome.runtime.lastError) : resolve(r)))" : "browser.tabs.executeScript";
        Assert.Equal(expected, await e.EvaluateAsync("background", $$"""
            const run = {{call}};
            const failure = p => p.then(() => 'ok', e => e.message);
            [await run(1, { code: '[document.title, typeof injectedHere]; ' }).then(r => [r[0][0], typeof r[0][1]]),
             await run(1, { code: 'new Promise(resolve => setTimeout(() => resolve(7), 5))' }),
             await run(1, { file: 'object.js' }),
             await failure(run(1, {})),
             await failure(run(2, { code: '1' }))]
            """));
    }

    [Fact]
    public async Task Mv2_tabs_insertCSS_and_removeCSS_change_the_pages_cascade()
    {
        var e = await Load(Extension("", 2, "\"https://example.com/*\""), Flavor.Firefox);
        var label = await e.OpenAsync("tab:https://example.com/a", pageHtml: Page);
        const string Display = "getComputedStyle(document.getElementById('box')).display";
        await e.EvaluateAsync("background", "await browser.tabs.insertCSS(1, { file: 'hide.css' })");
        Assert.Equal("\"none\"", await e.EvaluateAsync(label, Display));
        await e.EvaluateAsync("background", "await browser.tabs.removeCSS(1, { file: 'hide.css' })");
        Assert.Equal("\"\"", await e.EvaluateAsync(label, Display));
    }
}
