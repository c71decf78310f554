using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Browsing;

/// <summary>
/// Frames of a tab's web page: its iframes become child frames (ids, parents, documents from the network), each a
/// content context of its own; all_frames content scripts run in them, injections and messages reach them by frame id,
/// webNavigation lists them and reports their navigations; the top frame's navigation takes them away; limits refuse.
/// </summary>
public class FramesSpec : RuntimeSpec
{
    private const string Top = "https://example.com/shop";
    private const string Ad = "https://ads.example.net/ad";
    private const string Same = "https://example.com/frame";

    private const string Page = $"""
        <!DOCTYPE html><html><head><title>Shop</title></head><body>
        <iframe src="{Ad}"></iframe>
        <iframe src="/frame"></iframe>
        </body></html>
        """;

    private static Dictionary<string, string> Extension(int manifestVersion = 3, string extraScripts = "") => new()
    {
        ["manifest.json"] = $$"""
            { "manifest_version": {{manifestVersion}}, "name": "frames", "version": "1.0", "background": { "scripts": ["background.js"] },
              "permissions": ["scripting", "webNavigation", "tabs"{{(manifestVersion == 2 ? ", \"<all_urls>\"" : "")}}]
              {{(manifestVersion == 3 ? ", \"host_permissions\": [\"<all_urls>\"]" : "")}},
              "content_scripts": [
                { "matches": ["<all_urls>"], "js": ["all.js"], "all_frames": true },
                { "matches": ["<all_urls>"], "js": ["top.js"] }
                {{extraScripts}}
              ] }
            """,
        ["background.js"] = """
            globalThis.navigations = [];
            browser.webNavigation.onBeforeNavigate.addListener(d => navigations.push(['before', d.frameId, d.parentFrameId, d.url]));
            browser.webNavigation.onCompleted.addListener(d => navigations.push(['completed', d.frameId, d.url]));
            browser.runtime.onMessage.addListener((message, sender, reply) => { if (message === 'who') reply([sender.tab.id, sender.frameId, sender.url, sender.tab.url]); });
            """,
        ["all.js"] = """
            window.ranAll = location.href;
            browser.runtime.onMessage.addListener((message, sender, reply) => { if (message === 'where') reply(location.href); });
            """,
        ["top.js"] = "window.ranTop = true;",
        ["blank.js"] = "window.ranBlank = location.href;",
    };

    private async Task<LoadedExtension> WithTab(Flavor flavor, Dictionary<string, string>? files = null, string page = Page, RuntimeOptionsChange? change = null)
    {
        var options = Options(flavor);
        var e = await Load(files ?? Extension(), change is null ? options : change(options));
        e.Respond(Ad + "*", ResponseSpec.Text("<!DOCTYPE html><html><body><p>ad</p></body></html>", "text/html"));
        e.Respond(Same, ResponseSpec.Text($"<!DOCTYPE html><html><body><iframe src=\"{Ad}/inner\"></iframe></body></html>", "text/html"));
        await e.OpenAsync("tab:" + Top, pageHtml: page);
        await e.SettleAsync();
        return e;
    }

    private delegate ActorRuntime.Kernel.RuntimeOptions RuntimeOptionsChange(ActorRuntime.Kernel.RuntimeOptions options);

    private static string Script(Flavor flavor, string code) => flavor == Flavor.Chrome ? code.Replace("browser.", "chrome.") : code;

    [Theory]
    [InlineData(Flavor.Chrome, """[[0,-1,"https://example.com/shop","outermost_frame",false],[1,0,"https://ads.example.net/ad","sub_frame",true],[2,0,"https://example.com/frame","sub_frame",true],[3,2,"https://ads.example.net/ad/inner","sub_frame",true]]""")]
    [InlineData(Flavor.Firefox, """[[0,-1,"https://example.com/shop",1],[1,0,"https://ads.example.net/ad",1],[2,0,"https://example.com/frame",1],[3,2,"https://ads.example.net/ad/inner",1]]""")]
    public async Task The_pages_iframes_and_their_own_are_frames_of_the_tab_that_getAllFrames_lists_with_their_parents(Flavor flavor, string expected)
    {
        var e = await WithTab(flavor);
        var describe = flavor == Flavor.Chrome
            ? "f => [f.frameId, f.parentFrameId, f.url, f.frameType, f.parentDocumentId?.length === 32]"
            : "f => [f.frameId, f.parentFrameId, f.url, f.tabId]";
        Assert.Equal(expected, await e.EvaluateAsync("background", Script(flavor, $"(await browser.webNavigation.getAllFrames({{ tabId: 1 }})).map({describe})")));
        // One frame by its id: the nested frame names its parent, the frame of the page.
        Assert.Equal($"""[2,"{Ad}/inner"]""", await e.EvaluateAsync("background", Script(flavor, "const f = await browser.webNavigation.getFrame({ tabId: 1, frameId: 3 }); [f.parentFrameId, f.url]")));
        Assert.Equal(flavor == Flavor.Chrome ? "null" : "\"No frame found with frameId: 9\"", await e.EvaluateAsync("background",
            Script(flavor, "await browser.webNavigation.getFrame({ tabId: 1, frameId: 9 }).catch(error => error.message)")));
    }

    [Fact]
    public async Task An_all_frames_content_script_runs_in_every_frame_each_its_own_context_and_another_only_in_the_top_frame()
    {
        var e = await WithTab(Flavor.Chrome);
        var contexts = await e.ContextsAsync();
        Assert.Contains("content:" + Top, contexts);
        Assert.Contains($"content:{Ad} (tab 1, frame 1)", contexts);
        Assert.Contains($"content:{Same} (tab 1, frame 2)", contexts);
        Assert.Equal($"""["{Top}",true]""", await e.EvaluateAsync("content:" + Top, "[window.ranAll, window.ranTop]"));
        Assert.Equal($"""["{Ad}","undefined"]""", await e.EvaluateAsync($"content:{Ad} (tab 1, frame 1)", "[window.ranAll, typeof window.ranTop]"));
        Assert.Equal($"""["{Ad}/inner","undefined"]""", await e.EvaluateAsync($"content:{Ad}/inner (tab 1, frame 3)", "[window.ranAll, typeof window.ranTop]"));
        // Each frame's document is its own: the frame's page is not the top's.
        Assert.Equal("\"ad\"", await e.EvaluateAsync($"content:{Ad} (tab 1, frame 1)", "document.querySelector('p').textContent"));
    }

    [Theory]
    [InlineData(Flavor.Chrome, """[[0,32,"https://example.com/shop"],[1,32,"https://ads.example.net/ad"],[2,32,"https://example.com/frame"],[3,32,"https://ads.example.net/ad/inner"]]""")]
    [InlineData(Flavor.Firefox, """[[0,0,"https://example.com/shop"],[1,0,"https://ads.example.net/ad"],[2,0,"https://example.com/frame"],[3,0,"https://ads.example.net/ad/inner"]]""")]
    public async Task ExecuteScript_with_allFrames_answers_one_result_per_frame_and_frameIds_only_those_frames(Flavor flavor, string expected)
    {
        var e = await WithTab(flavor);
        Assert.Equal(expected, await e.EvaluateAsync("background", Script(flavor, """
            (await browser.scripting.executeScript({ target: { tabId: 1, allFrames: true }, func: () => location.href }))
              .map(r => [r.frameId, (r.documentId ?? '').length, r.result])
            """)));
        Assert.Equal($"""[[2,"{Same}"]]""", await e.EvaluateAsync("background", Script(flavor,
            "(await browser.scripting.executeScript({ target: { tabId: 1, frameIds: [2] }, func: () => window.ranAll })).map(r => [r.frameId, r.result])")));
        var refusal = flavor == Flavor.Chrome ? "No frame with id 7 in tab with id 1" : "Frame not found, or missing host permission";
        Assert.Equal($"\"{refusal}\"", await e.EvaluateAsync("background", Script(flavor,
            "await browser.scripting.executeScript({ target: { tabId: 1, frameIds: [7] }, func: () => 1 }).then(() => 'ran', error => error.message)")));
    }

    [Fact]
    public async Task The_documentIds_of_getAllFrames_pick_the_frames_executeScript_runs_in()
    {
        var e = await WithTab(Flavor.Chrome);
        Assert.Equal($"""[[1,"{Ad}"]]""", await e.EvaluateAsync("background", """
            const frames = await chrome.webNavigation.getAllFrames({ tabId: 1 });
            const documentIds = [frames.find(f => f.frameId === 1).documentId];
            (await chrome.scripting.executeScript({ target: { tabId: 1, documentIds }, func: () => location.href })).map(r => [r.frameId, r.result])
            """));
    }

    [Fact]
    public async Task Neither_documentIds_nor_frameIds_reach_a_frame_the_extension_has_no_host_permission_for()
    {
        var files = Extension();
        files["manifest.json"] = files["manifest.json"].Replace("\"host_permissions\": [\"<all_urls>\"]", "\"host_permissions\": [\"https://example.com/*\"]", StringComparison.Ordinal);
        var e = await WithTab(Flavor.Chrome, files);
        const string refusal = "\"Cannot access contents of the page. Extension manifest must request permission to access the respective host.\"";
        Assert.Equal(refusal, await e.EvaluateAsync("background", """
            const frames = await chrome.webNavigation.getAllFrames({ tabId: 1 });
            const documentIds = [frames.find(f => f.frameId === 1).documentId];
            await chrome.scripting.executeScript({ target: { tabId: 1, documentIds }, func: () => location.href }).then(() => 'ran', error => error.message)
            """));
        Assert.Equal(refusal, await e.EvaluateAsync("background",
            "await chrome.scripting.executeScript({ target: { tabId: 1, frameIds: [1] }, func: () => 1 }).then(() => 'ran', error => error.message)"));
        // The same-origin frame stays the extension's to script by its document id.
        Assert.Equal($"""[[2,"{Same}"]]""", await e.EvaluateAsync("background", """
            const all = await chrome.webNavigation.getAllFrames({ tabId: 1 });
            (await chrome.scripting.executeScript({ target: { tabId: 1, documentIds: [all.find(f => f.frameId === 2).documentId] }, func: () => location.href }))
              .map(r => [r.frameId, r.result])
            """));
    }

    [Fact]
    public async Task MV2_tabs_executeScript_takes_a_frameId_or_allFrames()
    {
        var e = await WithTab(Flavor.Firefox, Extension(manifestVersion: 2));
        Assert.Equal($"""[["{Ad}"],["{Top}","{Ad}","{Same}","{Ad}/inner"]]""", await e.EvaluateAsync("background", """
            [await browser.tabs.executeScript(1, { code: 'location.href', frameId: 1 }),
             await browser.tabs.executeScript(1, { code: 'location.href', allFrames: true })]
            """));
    }

    [Theory]
    [MemberData(nameof(AllFlavors))]
    public async Task TabsSendMessage_with_a_frameId_reaches_only_that_frame_and_a_frames_sender_names_its_frame(Flavor flavor)
    {
        var e = await WithTab(flavor);
        Assert.Equal($"""["{Ad}","{Same}"]""", await e.EvaluateAsync("background", Script(flavor,
            "[await browser.tabs.sendMessage(1, 'where', { frameId: 1 }), await browser.tabs.sendMessage(1, 'where', { frameId: 2 })]")));
        Assert.Equal($"""[1,2,"{Same}","{Top}"]""", await e.EvaluateAsync($"content:{Same} (tab 1, frame 2)", Script(flavor, "await browser.runtime.sendMessage('who')")));
        Assert.Equal($"""[1,0,"{Top}","{Top}"]""", await e.EvaluateAsync("content:" + Top, Script(flavor, "await browser.runtime.sendMessage('who')")));
    }

    [Fact]
    public async Task WebNavigation_reports_each_child_frames_navigation_with_its_parent_and_completes_the_top_frame_last()
    {
        var e = await WithTab(Flavor.Firefox);
        Assert.Equal($"""[["before",0,-1,"{Top}"],["before",1,0,"{Ad}"],["before",2,0,"{Same}"],["before",3,2,"{Ad}/inner"],["completed",1,"{Ad}"],["completed",2,"{Same}"],["completed",3,"{Ad}/inner"],["completed",0,"{Top}"]]""",
            await e.EvaluateAsync("background", "navigations"));
    }

    [Fact]
    public async Task A_navigation_of_the_top_frame_takes_the_child_frames_and_their_contexts_away()
    {
        var e = await WithTab(Flavor.Chrome);
        await e.EvaluateAsync("background", "await chrome.tabs.update(1, { url: 'https://example.com/next' })");
        await e.SettleAsync();
        Assert.Equal("""[[0,"https://example.com/next"]]""", await e.EvaluateAsync("background",
            "(await chrome.webNavigation.getAllFrames({ tabId: 1 })).map(f => [f.frameId, f.url])"));
        Assert.DoesNotContain(await e.ContextsAsync(), label => label.Contains("(tab 1, frame", StringComparison.Ordinal));
        Assert.Equal("null", await e.EvaluateAsync("background", "await chrome.webNavigation.getFrame({ tabId: 1, frameId: 1 })"));
    }

    [Fact]
    public async Task A_frame_past_the_frame_limit_is_not_loaded_and_a_line_names_the_key()
    {
        var e = await WithTab(Flavor.Chrome, change: options => options with { BrowserLimits = options.BrowserLimits with { MaxFramesPerTab = 2 } });
        Assert.Equal($"""[[0,"{Top}"],[1,"{Ad}"]]""", await e.EvaluateAsync("background",
            "(await chrome.webNavigation.getAllFrames({ tabId: 1 })).map(f => [f.frameId, f.url])"));
        Assert.Contains($"content:{Top}: the frame at {Same} was not loaded: a tab holds at most 2 frames (actorruntime.browser.max-frames-per-tab)", Lines("runtime"));
    }

    [Fact]
    public async Task A_frame_nested_past_the_depth_limit_is_not_loaded_and_a_line_names_the_key()
    {
        var e = await WithTab(Flavor.Chrome, change: options => options with { BrowserLimits = options.BrowserLimits with { MaxFrameDepth = 1 } });
        Assert.Equal("[0,1,2]", await e.EvaluateAsync("background", "(await chrome.webNavigation.getAllFrames({ tabId: 1 })).map(f => f.frameId)"));
        Assert.Contains($"content:{Top}: the frame at {Ad}/inner was not loaded: frames nest at most 1 deep (actorruntime.browser.max-frame-depth)", Lines("runtime"));
    }

    [Fact]
    public async Task A_frame_document_a_declarativeNetRequest_rule_blocks_is_an_error_page_no_content_script_runs_in()
    {
        var files = Extension();
        files["manifest.json"] = files["manifest.json"]
            .Replace("\"tabs\"", "\"tabs\", \"declarativeNetRequest\"", StringComparison.Ordinal)
            .Replace("\"content_scripts\"", "\"declarative_net_request\": { \"rule_resources\": [{ \"id\": \"ads\", \"enabled\": true, \"path\": \"rules.json\" }] }, \"content_scripts\"", StringComparison.Ordinal);
        files["rules.json"] = """[{ "id": 1, "condition": { "urlFilter": "||ads.example.net/ad|", "resourceTypes": ["sub_frame"] }, "action": { "type": "block" } }]""";
        var e = await WithTab(Flavor.Chrome, files);
        // Only the ad frame itself is blocked: the nested one (another URL) loads.
        Assert.Equal($"""[[0,false],[1,true],[2,false],[3,false]]""", await e.EvaluateAsync("background",
            "(await chrome.webNavigation.getAllFrames({ tabId: 1 })).map(f => [f.frameId, f.errorOccurred])"));
        var contexts = await e.ContextsAsync();
        Assert.DoesNotContain($"content:{Ad} (tab 1, frame 1)", contexts);
        Assert.Contains($"content:{Ad}/inner (tab 1, frame 3)", contexts);
    }

    [Fact]
    public async Task A_frame_no_content_script_runs_in_gets_a_context_of_its_own_for_an_injection_and_its_style_sheets()
    {
        var e = await WithTab(Flavor.Chrome, page: "<!DOCTYPE html><html><body><iframe></iframe></body></html>");
        Assert.DoesNotContain("content:about:blank (tab 1, frame 1)", await e.ContextsAsync());
        Assert.Equal("[[1,\"rgb(255, 0, 0)\"]]", await e.EvaluateAsync("background", """
            await chrome.scripting.insertCSS({ target: { tabId: 1, frameIds: [1] }, css: 'body { color: red }' });
            (await chrome.scripting.executeScript({ target: { tabId: 1, frameIds: [1] }, func: () => getComputedStyle(document.body).color }))
              .map(r => [r.frameId, r.result])
            """));
        Assert.Contains("content:about:blank (tab 1, frame 1)", await e.ContextsAsync());
        // The top frame's document did not get the frame's style sheet.
        Assert.Equal("true", await e.EvaluateAsync("content:" + Top, "getComputedStyle(document.body).color !== 'rgb(255, 0, 0)'"));
    }

    [Fact]
    public async Task An_about_blank_frame_gets_only_the_scripts_with_match_about_blank_matched_against_its_parents_URL()
    {
        var files = Extension(extraScripts: """, { "matches": ["https://example.com/*"], "js": ["blank.js"], "all_frames": true, "match_about_blank": true }""");
        var e = await WithTab(Flavor.Chrome, files, page: "<!DOCTYPE html><html><body><iframe></iframe><iframe srcdoc='<p>inline</p>'></iframe></body></html>");
        Assert.Equal("""["about:blank","undefined"]""", await e.EvaluateAsync("content:about:blank (tab 1, frame 1)", "[window.ranBlank, typeof window.ranAll]"));
        Assert.Equal("""["about:srcdoc","inline"]""", await e.EvaluateAsync("content:about:srcdoc (tab 1, frame 2)", "[window.ranBlank, document.querySelector('p').textContent]"));
    }

    [Theory]
    [InlineData(Flavor.Firefox)]
    [InlineData(Flavor.Chrome)]
    public async Task A_frames_fetch_is_seen_by_webRequest_with_its_frame_and_parent(Flavor flavor)
    {
        var files = Extension();
        files["manifest.json"] = files["manifest.json"].Replace("\"tabs\"", "\"tabs\", \"webRequest\"", StringComparison.Ordinal);
        files["background.js"] += """
            browser.webRequest.onBeforeRequest.addListener(d => console.log(`seen ${d.url} ${d.frameId} ${d.parentFrameId}`), { urls: ['https://api.example/*'] });
            """;
        var e = await WithTab(flavor, files);
        e.Respond("https://api.example/*", ResponseSpec.Text("data"));
        Assert.Equal("\"data\"", await e.EvaluateAsync($"content:{Ad}/inner (tab 1, frame 3)", "fetch('https://api.example/inner').then(r => r.text())"));
        Assert.Equal("\"data\"", await e.EvaluateAsync("content:" + Top, "fetch('https://api.example/top').then(r => r.text())"));
        await e.SettleAsync();
        Assert.Equal(["seen https://api.example/inner 3 2", "seen https://api.example/top 0 -1"],
            Lines("background").Where(l => l.StartsWith("seen", StringComparison.Ordinal)));
    }
}
