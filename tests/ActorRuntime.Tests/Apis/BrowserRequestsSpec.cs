using ActorRuntime.Kernel;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary>
/// Requests on a browser several extensions share go through every extension that can see them (rules together, each
/// one's listeners, answers merged per flavour); a page's fetch and XMLHttpRequest go through the same lifecycle.
/// </summary>
public class BrowserRequestsSpec : RuntimeSpec
{
    private const string Permissions = "\"permissions\": [\"webRequest\", \"webRequestBlocking\", \"declarativeNetRequest\", \"<all_urls>\"],";

    private RuntimeOptions? _shared;

    /// <summary>One browser for every extension the test loads (they are installed in the order they are loaded).</summary>
    private async Task<LoadedExtension> Install(Flavor flavor, string backgroundJs, string extra = "")
    {
        _shared ??= Options(flavor).WithBrowser();
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, backgroundJs, Permissions + extra), _shared);
        await e.SettleAsync();
        return e;
    }

    /// <summary>Logs <c>name: event url [error]</c> for every event of every request.</summary>
    private static string Logger(string name) => $$"""
        for (const event of ['onBeforeRequest', 'onBeforeSendHeaders', 'onHeadersReceived', 'onCompleted', 'onErrorOccurred'])
          browser.webRequest[event].addListener(d => console.log(['{{name}}:', event, d.url, d.error].filter(x => x).join(' ')), { urls: ['<all_urls>'] });
        """;

    private static string Rule(string action, string urlFilter, int id = 1) => $$"""
        browser.declarativeNetRequest.updateSessionRules({ addRules: [{ id: {{id}}, priority: 1, action: {{action}},
          condition: { urlFilter: '{{urlFilter}}', resourceTypes: ['script', 'xmlhttprequest'] } }] });
        """;

    private IReadOnlyList<string> Logged(string name) => Lines("background").Where(l => l.StartsWith(name + ":", StringComparison.Ordinal)).ToList();

    [Theory]
    [InlineData(Flavor.Firefox, "NS_ERROR_ABORT")]
    [InlineData(Flavor.Chrome, "net::ERR_BLOCKED_BY_CLIENT")]
    public async Task One_extensions_rule_blocks_and_the_others_listeners_hear_only_the_error(Flavor flavor, string error)
    {
        await Install(flavor, Rule("{ type: 'block' }", "ads"));
        var b = await Install(flavor, Logger("B"));
        b.Respond("https://example.com/*", ResponseSpec.Text("ok"));
        var fate = await b.RequestAsync("https://example.com/ads.js", """{"type":"script"}""");
        var passed = await b.RequestAsync("https://example.com/app.js", """{"type":"script"}""");
        await b.SettleAsync();
        Assert.Equal((true, error), (fate.Cancelled, fate.Error));
        Assert.Equal(200, passed.StatusCode);
        Assert.Equal([$"B: onErrorOccurred https://example.com/ads.js {error}"], Logged("B").Where(l => l.Contains("ads.js")));
        Assert.Contains("B: onCompleted https://example.com/app.js", Logged("B"));
    }

    private static string AddsHeaders(string name, string value) => $$"""
        browser.webRequest.onBeforeSendHeaders.addListener(d => ({ requestHeaders: [...d.requestHeaders,
            { name: 'X-{{name}}', value: '1' }, { name: 'X-Same', value: '{{value}}' }] }),
          { urls: ['<all_urls>'] }, ['blocking', 'requestHeaders']);
        """;

    [Theory]
    [InlineData(Flavor.Firefox, "X-A=1 X-B=1 X-Same=b", false)]
    [InlineData(Flavor.Chrome, "X-B=1 X-Same=b", true)]
    public async Task Header_changes_of_two_extensions_merge_as_each_browser_merges_them(Flavor flavor, string expected, bool olderIgnored)
    {
        await Install(flavor, AddsHeaders("A", "a"));
        var b = await Install(flavor, AddsHeaders("B", "b"));
        IReadOnlyList<KeyValuePair<string, string>> reached = [];
        b.State.Network.Register("https://example.com/*", request =>
        {
            reached = request.Headers;
            return ResponseSpec.Text("ok");
        });
        var fate = await b.RequestAsync("https://example.com/");
        await b.SettleAsync();
        Assert.Equal(200, fate.StatusCode);
        Assert.Equal(expected, string.Join(' ', reached.Where(h => h.Key.StartsWith("X-", StringComparison.Ordinal)).OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => h.Key + "=" + h.Value)));
        Assert.Equal(olderIgnored, Lines("runtime").Any(l => l.Contains("request headers change of https://example.com/ was ignored", StringComparison.Ordinal)));
    }

    private static string Redirects(string to) => $$"""
        browser.webRequest.onBeforeRequest.addListener(d => d.url.endsWith('/start') ? { redirectUrl: 'https://example.com/{{to}}' } : {},
          { urls: ['<all_urls>'] }, ['blocking']);
        """;

    [Theory]
    [InlineData(Flavor.Firefox, "https://example.com/a")]
    [InlineData(Flavor.Chrome, "https://example.com/b")]
    public async Task Of_two_listeners_redirects_Firefox_takes_the_first_heard_and_Chromium_the_most_recently_installed(Flavor flavor, string expected)
    {
        await Install(flavor, Redirects("a"));
        var b = await Install(flavor, Redirects("b"));
        b.Respond("https://example.com/*", ResponseSpec.Text("ok"));
        var fate = await b.RequestAsync("https://example.com/start");
        Assert.Equal((expected, 200), (fate.RedirectUrl, fate.StatusCode ?? 0));
    }

    [Theory]
    [InlineData(Flavor.Firefox)]
    [InlineData(Flavor.Chrome)]
    public async Task Of_two_rules_redirects_the_most_recently_installed_extensions_wins(Flavor flavor)
    {
        await Install(flavor, Rule("{ type: 'redirect', redirect: { url: 'https://example.com/a' } }", "start"));
        var b = await Install(flavor, Rule("{ type: 'redirect', redirect: { url: 'https://example.com/b' } }", "start"));
        b.Respond("https://example.com/*", ResponseSpec.Text("ok"));
        var fate = await b.RequestAsync("https://example.com/start", """{"type":"script"}""");
        Assert.Equal(("https://example.com/b", 200), (fate.RedirectUrl, fate.StatusCode ?? 0));
    }

    private const string ContentScripts = """ "content_scripts": [ { "matches": ["https://shop.example/*"], "js": ["content.js"] } ], """;

    [Theory]
    [InlineData(Flavor.Firefox, "TypeError: NetworkError when attempting to fetch resource.")]
    [InlineData(Flavor.Chrome, "TypeError: Failed to fetch")]
    public async Task A_pages_fetch_a_rule_blocks_rejects_with_the_flavours_network_error(Flavor flavor, string error)
    {
        var e = await Install(flavor, Rule("{ type: 'block' }", "tracker"));
        e.Respond("https://api.example/*", ResponseSpec.Text("data"));
        await e.OpenAsync("tab:https://shop.example/item", pageHtml: """
            <script>
              const report = (what) => fetch('https://api.example/' + what).then(r => r.text()).then(t => console.log(what + ' got ' + t),
                e => console.log(what + ' failed ' + e.name + ': ' + e.message));
              report('tracker'); report('content');
            </script>
            """);
        await e.SettleAsync();
        var page = Lines("tab:https://shop.example/item");
        Assert.Contains("tracker failed " + error, page);
        Assert.Contains("content got data", page);
    }

    [Theory]
    [InlineData(Flavor.Firefox)]
    [InlineData(Flavor.Chrome)]
    public async Task A_pages_XMLHttpRequest_a_listener_redirects_gets_the_redirected_response(Flavor flavor)
    {
        var e = await Install(flavor, """
            browser.webRequest.onBeforeRequest.addListener(d => d.url.endsWith('/old') ? { redirectUrl: 'https://api.example/new' } : {},
              { urls: ['https://api.example/*'] }, ['blocking']);
            """);
        e.Respond("https://api.example/old", ResponseSpec.Text("stale"));
        e.Respond("https://api.example/new", ResponseSpec.Text("fresh"));
        await e.OpenAsync("tab:https://shop.example/item", pageHtml: """
            <script>
              const xhr = new XMLHttpRequest();
              xhr.open('GET', 'https://api.example/old');
              xhr.onload = () => console.log('loaded ' + xhr.status + ' ' + xhr.responseText);
              xhr.onerror = () => console.log('error ' + xhr.status);
              xhr.send();
            </script>
            """);
        await e.SettleAsync();
        Assert.Contains("loaded 200 fresh", Lines("tab:https://shop.example/item"));
    }

    [Theory]
    [InlineData(Flavor.Firefox)]
    [InlineData(Flavor.Chrome)]
    public async Task A_pages_XMLHttpRequest_a_listener_cancels_fires_error_with_status_0(Flavor flavor)
    {
        var e = await Install(flavor, """
            browser.webRequest.onBeforeRequest.addListener(d => ({ cancel: true }), { urls: ['https://api.example/*'] }, ['blocking']);
            """);
        e.Respond("https://api.example/*", ResponseSpec.Text("data"));
        await e.OpenAsync("tab:https://shop.example/item", pageHtml: """
            <script>
              const xhr = new XMLHttpRequest();
              xhr.open('GET', 'https://api.example/x');
              xhr.onload = () => console.log('loaded ' + xhr.status);
              xhr.onerror = () => console.log('error ' + xhr.status + ' ' + xhr.readyState);
              xhr.send();
            </script>
            """);
        await e.SettleAsync();
        Assert.Equal(["error 0 4"], Lines("tab:https://shop.example/item"));
    }

    private const string Details = """
        browser.webRequest.onBeforeRequest.addListener(d => console.log('seen ' + JSON.stringify({ type: d.type, tabId: d.tabId, frameId: d.frameId,
            initiator: d.initiator, originUrl: d.originUrl, documentUrl: d.documentUrl })), { urls: ['https://api.example/*'] });
        """;

    [Theory]
    [InlineData(Flavor.Firefox, "\"originUrl\":\"https://shop.example/item\",\"documentUrl\":\"https://shop.example/item\"")]
    [InlineData(Flavor.Chrome, "\"initiator\":\"https://shop.example\"")]
    public async Task A_content_scripts_fetch_is_seen_as_the_pages_request_of_its_tab(Flavor flavor, string initiator)
    {
        _shared ??= Options(flavor).WithBrowser();
        var files = Manifests.Standard(Manifests.PersistentScripts, Details, Permissions + ContentScripts);
        files["content.js"] = "";
        var e = await Load(files, _shared);
        e.Respond("https://api.example/*", ResponseSpec.Text("data"));
        var label = await e.OpenAsync("tab:https://shop.example/item");
        Assert.Equal("\"data\"", await e.EvaluateAsync(label, "fetch('https://api.example/x').then(r => r.text())"));
        await e.SettleAsync();
        var tabId = e.State.Browser.Tabs().Single(t => t.Url == "https://shop.example/item").Id;
        Assert.Equal([$"seen {{\"type\":\"xmlhttprequest\",\"tabId\":{tabId},\"frameId\":0,{initiator}}}"], Lines("background").Where(l => l.StartsWith("seen", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(Flavor.Firefox)]
    [InlineData(Flavor.Chrome)]
    public async Task An_extensions_background_fetch_is_seen_by_its_own_listeners_and_not_by_another_extensions(Flavor flavor)
    {
        var a = await Install(flavor, Logger("A") + """
            browser.webRequest.onBeforeRequest.addListener(d => d.url.endsWith('/blocked') ? { cancel: true } : {}, { urls: ['<all_urls>'] }, ['blocking']);
            """);
        await Install(flavor, Logger("B"));
        a.Respond("https://api.example/*", ResponseSpec.Text("data"));
        Assert.Equal("\"data\"", await a.EvaluateAsync("background", "fetch('https://api.example/x').then(r => r.text())"));
        Assert.Equal("\"rejected\"", await a.EvaluateAsync("background", "fetch('https://api.example/blocked').then(r => 'resolved', e => 'rejected')"));
        await a.SettleAsync();
        Assert.Contains("A: onBeforeRequest https://api.example/x", Logged("A"));
        Assert.Contains("A: onCompleted https://api.example/x", Logged("A"));
        Assert.Contains("A: onErrorOccurred https://api.example/blocked " + (flavor == Flavor.Chrome ? "net::ERR_BLOCKED_BY_CLIENT" : "NS_ERROR_ABORT"), Logged("A"));
        Assert.Empty(Logged("B"));
    }

    [Fact]
    public async Task A_listener_of_another_extension_that_never_answers_holds_a_pages_fetch_only_until_the_listener_timeout()
    {
        var a = await Install(Flavor.Firefox, "");
        await Install(Flavor.Firefox, """
            browser.webRequest.onBeforeRequest.addListener(d => { console.log('B heard ' + d.url); return new Promise(() => {}); },
              { urls: ['https://api.example/*'] }, ['blocking']);
            """);
        a.Respond("https://api.example/*", ResponseSpec.Text("data"));
        await a.OpenAsync("tab:https://shop.example/item", pageHtml: """
            <script>
              fetch('https://api.example/x').then(r => r.text()).then(t => console.log('got ' + t), e => console.log('failed ' + e));
            </script>
            """);
        // The fetch runs off the page's turn: wait (in real time, for readiness only) until B's listener holds it.
        for (var i = 0; i < 1000 && !Lines("background").Contains("B heard https://api.example/x"); i++) await Task.Delay(5);
        Assert.Empty(Lines("tab:https://shop.example/item"));
        // A is busy with its fetch (it cannot settle): the shared clock is moved past the timeout directly.
        await Clock.AdvanceAsync(WebRequestLimits.Default.ListenerTimeout + TimeSpan.FromSeconds(1), () => Task.CompletedTask);
        await a.SettleAsync();
        Assert.Equal(["got data"], Lines("tab:https://shop.example/item"));
        Assert.Single(Lines("runtime"), l => l.Contains(WebRequestLimits.ListenerTimeoutKey, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Flavor.Firefox)]
    [InlineData(Flavor.Chrome)]
    public async Task A_pages_synchronous_XMLHttpRequest_another_extensions_rule_blocks_fails_with_a_NetworkError(Flavor flavor)
    {
        var a = await Install(flavor, "");
        await Install(flavor, Rule("{ type: 'block' }", "tracker"));
        a.Respond("https://api.example/*", ResponseSpec.Text("data"));
        await a.OpenAsync("tab:https://shop.example/item", pageHtml: """
            <script>
              for (const what of ['tracker', 'content']) {
                const xhr = new XMLHttpRequest();
                xhr.open('GET', 'https://api.example/' + what, false);
                try { xhr.send(); console.log(what + ' got ' + xhr.responseText); } catch (e) { console.log(what + ' failed ' + e.name); }
              }
            </script>
            """);
        await a.SettleAsync();
        Assert.Equal(["tracker failed NetworkError", "content got data"], Lines("tab:https://shop.example/item"));
    }

    private static string IdLogger(string name) => $$"""
        browser.webRequest.onBeforeRequest.addListener(d => console.log('{{name}} ' + d.url + ' ' + d.requestId), { urls: ['<all_urls>'] });
        """;

    [Theory]
    [InlineData(Flavor.Firefox)]
    [InlineData(Flavor.Chrome)]
    public async Task Request_ids_are_unique_across_the_extensions_of_a_browser(Flavor flavor)
    {
        var a = await Install(flavor, IdLogger("A"));
        var b = await Install(flavor, IdLogger("B"));
        a.Respond("https://example.com/*", ResponseSpec.Text("ok"));
        b.Respond("https://example.com/*", ResponseSpec.Text("ok"));
        await a.RequestAsync("https://example.com/a");
        await b.RequestAsync("https://example.com/b");
        await a.SettleAsync();
        await b.SettleAsync();
        List<string[]> Seen() => Lines("background").Select(l => l.Split(' ')).Where(p => p.Length == 3 && p[1].StartsWith("https://example.com/", StringComparison.Ordinal)).ToList();
        // Both extensions hear both requests (console lines reach the test's sink off the extensions' turns: wait for them).
        for (var i = 0; i < 1000 && Seen().Count < 4; i++) await Task.Delay(5);
        var seen = Seen();
        Assert.Equal(4, seen.Count);
        // Each request has one id, whoever hears it; the two requests have different ones.
        var idsByUrl = seen.GroupBy(p => p[1]).ToDictionary(g => g.Key, g => g.Select(p => p[2]).Distinct().Single());
        Assert.Equal(2, idsByUrl.Count);
        Assert.NotEqual(idsByUrl["https://example.com/a"], idsByUrl["https://example.com/b"]);
    }

    [Theory]
    [InlineData(Flavor.Firefox)]
    [InlineData(Flavor.Chrome)]
    public async Task An_extensions_own_fetch_is_not_blocked_by_another_extensions_rule(Flavor flavor)
    {
        var a = await Install(flavor, "");
        var b = await Install(flavor, Rule("{ type: 'block' }", "tracker"));
        a.Respond("https://api.example/*", ResponseSpec.Text("data"));
        b.Respond("https://api.example/*", ResponseSpec.Text("data"));
        Assert.Equal("\"data\"", await a.EvaluateAsync("background", "fetch('https://api.example/tracker').then(r => r.text())"));
        // Its own rule still applies to its own request.
        Assert.Equal("\"rejected\"", await b.EvaluateAsync("background", "fetch('https://api.example/tracker').then(r => 'resolved', e => 'rejected')"));
    }
}
