using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary>
/// A request the host issues against what else decides it: declarativeNetRequest rules (static, session; priorities,
/// block and allow, header changes, the matched rules Chromium reports), the blocking permission per flavour, and an
/// event page woken to hear it.
/// </summary>
public class WebRequestRulesSpec : RuntimeSpec
{
    private static Dictionary<string, string> WithRules(string backgroundJs) =>
        new(Manifests.Standard(Manifests.PersistentScripts, backgroundJs, """
            "permissions": ["webRequest", "declarativeNetRequest", "declarativeNetRequestFeedback", "<all_urls>"],
            "declarative_net_request": { "rule_resources": [{ "id": "base", "enabled": true, "path": "rules.json" }] },
            """))
        {
            ["rules.json"] = """
                [{ "id": 1, "priority": 1, "condition": { "urlFilter": "||ads.example^", "resourceTypes": ["script", "main_frame"] }, "action": { "type": "block" } },
                 { "id": 2, "priority": 1, "condition": { "urlFilter": "||example.com^", "resourceTypes": ["main_frame"] },
                   "action": { "type": "modifyHeaders", "requestHeaders": [{ "header": "X-Rule", "operation": "set", "value": "static" },
                                                                          { "header": "User-Agent", "operation": "remove" }] } }]
                """,
        };

    [Theory]
    [MemberData(nameof(AllFlavors))]
    public async Task Rules_block_unless_an_allow_of_higher_priority_matches_and_their_header_changes_are_sent(Flavor flavor)
    {
        var e = await Load(WithRules("""
            browser.webRequest.onBeforeRequest.addListener(d => console.log('heard ' + d.url), { urls: ['<all_urls>'] });
            browser.webRequest.onErrorOccurred.addListener(d => console.log('failed ' + d.url + ' ' + d.error), { urls: ['<all_urls>'] });
            """), flavor);
        await e.EvaluateAsync("background", """
            await browser.declarativeNetRequest.updateSessionRules({ addRules: [
              { id: 10, priority: 2, condition: { urlFilter: '||ads.example/ok', resourceTypes: ['script'] }, action: { type: 'allow' } },
              { id: 11, priority: 3, condition: { urlFilter: '||example.com/api', resourceTypes: ['main_frame'] },
                action: { type: 'modifyHeaders', requestHeaders: [{ header: 'X-Rule', operation: 'set', value: 'session' }] } }] })
            """);
        e.State.Network.Register("https://*/*", request => ResponseSpec.Text("ok"));
        var blocked = await e.RequestAsync("https://cdn.ads.example/x.js", """{"type":"script"}""");
        var allowed = await e.RequestAsync("https://cdn.ads.example/ok.js", """{"type":"script"}""");
        var changed = await e.RequestAsync("https://example.com/api");
        await e.SettleAsync();
        var error = flavor == Flavor.Chrome ? "net::ERR_BLOCKED_BY_CLIENT" : "NS_ERROR_ABORT";
        Assert.Equal((true, error), (blocked.Cancelled, blocked.Error));
        Assert.Equal((false, 200), (allowed.Cancelled, allowed.StatusCode ?? 0));
        // The session rule's set comes first (higher priority): the static rule's set of the same header is dropped, its remove applies.
        Assert.Equal(["Accept:*", "X-Rule:session"], changed.RequestHeaders.Select(h => h.Key + ":" + (h.Key == "Accept" ? "*" : h.Value)));
        // A blocked request is never heard before it fails.
        Assert.Equal([$"failed https://cdn.ads.example/x.js {error}", "heard https://cdn.ads.example/ok.js", "heard https://example.com/api"], Lines("background"));
    }

    [Fact]
    public async Task Chromium_reports_the_rules_that_matched_a_request()
    {
        var e = await Load(WithRules(""), Flavor.Chrome);
        await e.OpenAsync("tab:https://example.com/");
        await e.RequestAsync("https://ads.example/a.js", """{"type":"script"}""");
        Assert.Equal("""[[{"ruleId":1,"rulesetId":"base"},1]]""", await e.EvaluateAsync("background",
            "(await chrome.declarativeNetRequest.getMatchedRules()).rulesInfo.map(i => [i.rule, i.tabId])"));
    }

    [Fact]
    public async Task A_rule_redirect_restarts_the_request_at_the_new_url()
    {
        var e = await Load(WithRules("""
            browser.webRequest.onBeforeRedirect.addListener(d => console.log('redirect ' + d.url + ' ' + d.redirectUrl + ' ' + d.statusCode), { urls: ['<all_urls>'] });
            """));
        await e.EvaluateAsync("background", """
            await browser.declarativeNetRequest.updateDynamicRules({ addRules: [
              { id: 1, condition: { urlFilter: '|http://plain.example/', resourceTypes: ['main_frame'] }, action: { type: 'upgradeScheme' } }] })
            """);
        e.Respond("https://plain.example/*", ResponseSpec.Text("secure"));
        var fate = await e.RequestAsync("http://plain.example/page");
        Assert.Equal(("https://plain.example/page", 200), (fate.RedirectUrl, fate.StatusCode ?? 0));
        Assert.Contains("redirect http://plain.example/page https://plain.example/page 307", Lines("background"));
    }

    private static Dictionary<string, string> Blocking(string permissions, int manifestVersion = 2)
    {
        var files = Manifests.Standard(Manifests.PersistentScripts, """
            for (const [name, options] of [['onBeforeRequest', ['blocking']], ['onAuthRequired', ['blocking']], ['onAuthRequired', ['blocking', 'asyncBlocking']]])
              try {
                browser.webRequest[name].addListener(d => ({ cancel: true }), { urls: ['<all_urls>'] }, options);
                console.log(name + ' added');
              } catch (e) { console.log(name + ' threw ' + e.message); }
            """, $"\"permissions\": [{permissions}],");
        if (manifestVersion == 3)
            files["manifest.json"] = $$"""
                { "manifest_version": 3, "name": "t", "version": "1", "background": { "scripts": ["background.js"] },
                  "permissions": [{{permissions}}], "host_permissions": ["<all_urls>"] }
                """;
        return files;
    }

    [Fact]
    public async Task Firefox_refuses_a_blocking_listener_without_its_permission_and_both_blocking_options()
    {
        await Load(Blocking("\"webRequest\", \"<all_urls>\""), Flavor.Firefox);
        const string authRefused = "onAuthRequired threw Using webRequest.onAuthRequired.addListener with the blocking option requires either the 'webRequestBlocking' or 'webRequestAuthProvider' permission.";
        Assert.Equal(["onBeforeRequest threw Using webRequest.addListener with the blocking option requires the 'webRequestBlocking' permission.", authRefused, authRefused],
            Lines("background"));
        ConsoleLines.Clear();
        await Load(Blocking("\"webRequest\", \"webRequestAuthProvider\", \"<all_urls>\""), Flavor.Firefox);
        Assert.Equal(["onBeforeRequest threw Using webRequest.addListener with the blocking option requires the 'webRequestBlocking' permission.",
            "onAuthRequired added", "onAuthRequired threw 'blocking' and 'asyncBlocking' are mutually exclusive"], Lines("background"));
    }

    [Theory]
    [InlineData(2, "\"webRequest\", \"<all_urls>\"")]
    [InlineData(3, "\"webRequest\", \"webRequestBlocking\"")]
    public async Task Chromium_reports_a_blocking_listener_without_its_permission_and_never_calls_it(int manifestVersion, string permissions)
    {
        var e = await Load(Blocking(permissions, manifestVersion), Flavor.Chrome);
        var refusals = Lines("background").Where(l => l.StartsWith("Unchecked runtime.lastError: You do not have permission to use blocking webRequest listeners.", StringComparison.Ordinal));
        Assert.Equal(2, refusals.Count());
        Assert.Contains("Unchecked runtime.lastError: 'blocking' and 'asyncBlocking' are mutually exclusive", Lines("background"));
        e.Respond("https://example.com/*", ResponseSpec.Text("ok"));
        var fate = await e.RequestAsync("https://example.com/");
        Assert.Equal((false, 200), (fate.Cancelled, fate.StatusCode ?? 0));
    }

    [Fact]
    public async Task A_request_wakes_a_suspended_event_page_that_listened()
    {
        var e = await Load(Manifests.Standard(Manifests.EventPageScripts, """
            browser.webRequest.onBeforeRequest.addListener(d => { console.log('woken for ' + d.url); return { cancel: d.url.includes('ads') }; },
              { urls: ['<all_urls>'] }, ['blocking']);
            """, "\"permissions\": [\"webRequest\", \"webRequestBlocking\", \"<all_urls>\"],"));
        await SuspendIdleEventPage(e);
        var fate = await e.RequestAsync("https://example.com/ads.js", """{"type":"script"}""");
        Assert.True(fate.Cancelled);
        Assert.Contains("background", await e.ContextsAsync());
        Assert.Contains("woken for https://example.com/ads.js", Lines("background"));
    }
}
