using ActorRuntime.Apis;
using ActorRuntime.Kernel.Dnr;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary>
/// <c>declarativeNetRequest</c> through real extensions: static rulesets from the manifest, dynamic and session rules,
/// the order in which rules decide a request (priority, then action, then ruleset), each flavour's validation errors
/// and constants, host access, and the matched rules Chromium reports.
/// </summary>
public class DeclarativeNetRequestSpec : RuntimeSpec
{
    private const string Rules = """
        [{ "id": 1, "condition": { "urlFilter": "||ads.example^" }, "action": { "type": "block" } },
         { "id": 2, "condition": { "urlFilter": "x", "regexFilter": "y" }, "action": { "type": "block" } }]
        """;

    private static Dictionary<string, string> Extension(string permissions = "\"declarativeNetRequest\", \"declarativeNetRequestFeedback\", \"<all_urls>\"") =>
        new(Manifests.Standard(Manifests.PersistentScripts, "", $$"""
            "permissions": [{{permissions}}],
            "declarative_net_request": { "rule_resources": [
              { "id": "base", "enabled": true, "path": "rules/base.json" },
              { "id": "extra", "enabled": false, "path": "rules/extra.json" },
              { "id": "gone", "enabled": false, "path": "rules/missing.json" }
            ] },
            """))
        {
            ["rules/base.json"] = Rules,
            ["rules/extra.json"] = """[{ "id": 1, "condition": { "urlFilter": "tracker" }, "action": { "type": "block" } }]""",
        };

    private static string Text(string json) => System.Text.Json.JsonSerializer.Deserialize<string>(json)!;

    [Theory]
    [InlineData(Flavor.Firefox, "urlFilter and regexFilter are mutually exclusive", "Invalid ruleset id: \"nope\"")]
    [InlineData(Flavor.Chrome, "Rule with id 2 can only specify one of \"urlFilter\" or \"regexFilter\" keys.", "Invalid ruleset id: nope.")]
    public async Task Static_rulesets_load_from_the_manifest_and_are_enabled_by_id(Flavor flavor, string badRule, string badId)
    {
        var e = await Load(Extension(), flavor);
        Assert.Contains($"ruleset \"base\" (rules/base.json), rule at index 1 is ignored: {badRule}", Lines("runtime"));
        Assert.Contains("ruleset \"gone\" (rules/missing.json) is ignored: no such file in the extension", Lines("runtime"));
        Assert.Equal("""[["base"],29999,[{"ruleId":1,"rulesetId":"base"}]]""", await e.EvaluateAsync("background", """
            globalThis.dnr = browser.declarativeNetRequest;
            [await dnr.getEnabledRulesets(), await dnr.getAvailableStaticRuleCount(),
             (await dnr.testMatchOutcome({ url: 'https://cdn.ads.example/a.png', type: 'image' })).matchedRules]
            """));
        Assert.Equal("""[["extra"],[{"ruleId":1,"rulesetId":"extra"}],[]]""", await e.EvaluateAsync("background", """
            await dnr.updateEnabledRulesets({ disableRulesetIds: ['base'], enableRulesetIds: ['extra'] });
            [await dnr.getEnabledRulesets(),
             (await dnr.testMatchOutcome({ url: 'https://a.com/tracker.js', type: 'script' })).matchedRules,
             (await dnr.testMatchOutcome({ url: 'https://cdn.ads.example/a.png', type: 'image' })).matchedRules]
            """));
        Assert.Equal(badId, Text(await e.EvaluateAsync("background", "await dnr.updateEnabledRulesets({ enableRulesetIds: ['nope'] }).then(() => 'done', e => e.message)")));
    }

    [Theory]
    [MemberData(nameof(AllFlavors))]
    public async Task Priority_decides_then_the_action_then_session_before_dynamic(Flavor flavor)
    {
        var e = await Load(Extension(), flavor);
        await e.EvaluateAsync("background", """
            globalThis.dnr = browser.declarativeNetRequest;
            globalThis.decides = async () => (await dnr.testMatchOutcome({ url: 'http://a.com/x', type: 'image' })).matchedRules.map(r => `${r.rulesetId}#${r.ruleId}`).join();
            await dnr.updateSessionRules({ addRules: [
              { id: 1, priority: 1, condition: { urlFilter: 'a.com' }, action: { type: 'allow' } },
              { id: 2, priority: 3, condition: { urlFilter: 'a.com' }, action: { type: 'redirect', redirect: { url: 'https://b.com/' } } },
              { id: 3, priority: 3, condition: { urlFilter: 'a.com' }, action: { type: 'block' } },
              { id: 4, priority: 2, condition: { urlFilter: 'a.com' }, action: { type: 'upgradeScheme' } },
            ] });
            """);
        Assert.Equal("\"_session#3\"", await e.EvaluateAsync("background", "await decides()"));
        Assert.Equal("\"_dynamic#5\"", await e.EvaluateAsync("background", """
            await dnr.updateDynamicRules({ addRules: [{ id: 5, priority: 4, condition: { urlFilter: 'a.com' }, action: { type: 'allow' } }] });
            await dnr.updateSessionRules({ addRules: [{ id: 6, priority: 4, condition: { urlFilter: 'a.com' }, action: { type: 'block' } }] });
            await decides()
            """));
        Assert.Equal("\"_session#7\"", await e.EvaluateAsync("background", """
            await dnr.updateSessionRules({ addRules: [{ id: 7, priority: 4, condition: { urlFilter: 'a.com' }, action: { type: 'allow' } }] });
            await decides()
            """));
        Assert.Equal("\"_session#4\"", await e.EvaluateAsync("background", """
            await dnr.updateSessionRules({ removeRuleIds: [3, 6, 7] });
            await dnr.updateDynamicRules({ removeRuleIds: [5] });
            await dnr.updateSessionRules({ removeRuleIds: [2] });
            await decides()
            """));
    }

    [Theory]
    [InlineData(Flavor.Firefox, "A redirect rule must have a non-empty action.redirect object", "Duplicate rule ID: 1", "regexFilter is not a valid regular expression")]
    [InlineData(Flavor.Chrome, "Rule with id 2 specifies an incorrect value for the \"action.redirect\" key.", "Rule with id 1 does not have a unique ID.",
        "Rule with id 3 specifies an incorrect value for the \"regexFilter\" key.")]
    public async Task A_rule_is_refused_with_the_flavours_text_and_the_update_changes_nothing(Flavor flavor, string noRedirect, string duplicate, string badRegex)
    {
        var e = await Load(Extension(), flavor);
        var errors = System.Text.Json.JsonSerializer.Deserialize<string[]>(await e.EvaluateAsync("background", """
            globalThis.dnr = browser.declarativeNetRequest;
            const fail = p => p.then(() => 'done', e => e.message);
            await dnr.updateDynamicRules({ addRules: [{ id: 1, condition: {}, action: { type: 'block' } }] });
            [await fail(dnr.updateDynamicRules({ addRules: [{ id: 2, condition: {}, action: { type: 'redirect' } }] })),
             await fail(dnr.updateDynamicRules({ addRules: [{ id: 1, condition: {}, action: { type: 'block' } }] })),
             await fail(dnr.updateDynamicRules({ addRules: [{ id: 3, condition: { regexFilter: '(?=x)y' }, action: { type: 'block' } }] }))]
            """));
        Assert.Equal([noRedirect, duplicate, badRegex], errors!);
        Assert.Equal("[1]", await e.EvaluateAsync("background", "(await dnr.getDynamicRules()).map(r => r.id)"));
    }

    [Fact]
    public async Task Rules_come_back_as_they_were_added_and_by_id()
    {
        var e = await Load(Extension(), Flavor.Chrome);
        Assert.Equal("""[[{"id":1,"priority":2,"condition":{"urlFilter":"ads"},"action":{"type":"block"}}],[2]]""", await e.EvaluateAsync("background", """
            const dnr = chrome.declarativeNetRequest;
            await dnr.updateSessionRules({ addRules: [
              { id: 1, priority: 2, condition: { urlFilter: 'ads' }, action: { type: 'block' } },
              { id: 2, condition: { urlFilter: 'more' }, action: { type: 'block' } }] });
            [await dnr.getSessionRules({ ruleIds: [1] }), (await dnr.getSessionRules()).map(r => r.id).filter(id => id > 1)]
            """));
    }

    [Theory]
    [InlineData(Flavor.Firefox, 20)]
    [InlineData(Flavor.Chrome, 50)]
    public async Task Constants_and_regex_support_are_the_flavours(Flavor flavor, int enabledRulesets)
    {
        var e = await Load(Extension(), flavor);
        Assert.Equal($$"""[{{enabledRulesets}},"_dynamic",{"isSupported":true},{"isSupported":false,"reason":"syntaxError"},{"isSupported":false,"reason":"memoryLimitExceeded"}]""",
            await e.EvaluateAsync("background", """
            const dnr = browser.declarativeNetRequest;
            [dnr.MAX_NUMBER_OF_ENABLED_STATIC_RULESETS, dnr.DYNAMIC_RULESET_ID, await dnr.isRegexSupported({ regex: '^https://a\\.com/\\d+' }),
             await dnr.isRegexSupported({ regex: '(?<=a)b' }), await dnr.isRegexSupported({ regex: 'a'.repeat(3000) })]
            """));
    }

    [Theory]
    [MemberData(nameof(AllFlavors))]
    public async Task Without_host_permission_a_rule_blocks_but_does_not_redirect(Flavor flavor)
    {
        var e = await Load(Extension("\"declarativeNetRequest\", \"declarativeNetRequestFeedback\""), flavor);
        Assert.Equal("""[1,0]""", await e.EvaluateAsync("background", """
            const dnr = browser.declarativeNetRequest;
            await dnr.updateSessionRules({ addRules: [
              { id: 10, condition: { urlFilter: 'block' }, action: { type: 'block' } },
              { id: 11, condition: { urlFilter: 'move' }, action: { type: 'redirect', redirect: { url: 'https://b.com/' } } }] });
            [(await dnr.testMatchOutcome({ url: 'https://a.com/block', type: 'image' })).matchedRules.length,
             (await dnr.testMatchOutcome({ url: 'https://a.com/move', type: 'image' })).matchedRules.length]
            """));
    }

    [Fact]
    public async Task Chromium_reports_the_rules_that_matched_requests_for_five_minutes()
    {
        var e = await Load(Extension(), Flavor.Chrome);
        await e.EvaluateAsync("background", """
            await chrome.declarativeNetRequest.updateSessionRules({ addRules: [{ id: 3, condition: { urlFilter: 'a.com' }, action: { type: 'block' } }] });
            """);
        // As the request lifecycle will: the engine evaluates a request of tab 4 and records what matched.
        var outcome = e.State.NetRules.Evaluate(new DnrRequest("https://a.com/x", null, "get", "image", 4), DeclarativeNetRequestApi.AccessOf(e.State), now: Clock.GetUtcNow());
        Assert.True(outcome.Blocks);
        Assert.Equal($$"""{"rulesInfo":[{"rule":{"ruleId":3,"rulesetId":"_session"},"tabId":4,"timeStamp":{{Clock.GetUtcNow().ToUnixTimeMilliseconds()}}}]}""",
            await e.EvaluateAsync("background", "await chrome.declarativeNetRequest.getMatchedRules({ tabId: 4 })"));
        await e.AdvanceAsync(TimeSpan.FromMinutes(6));
        Assert.Equal("""{"rulesInfo":[]}""", await e.EvaluateAsync("background", "await chrome.declarativeNetRequest.getMatchedRules()"));
        var firefox = await Load(Extension(), Flavor.Firefox);
        Assert.Equal("\"undefined\"", await firefox.EvaluateAsync("background", "typeof browser.declarativeNetRequest.getMatchedRules"));
    }

    [Fact]
    public async Task GetMatchedRules_needs_the_feedback_permission()
    {
        var e = await Load(Extension("\"declarativeNetRequest\", \"<all_urls>\""), Flavor.Chrome);
        Assert.Equal("The extension must have the declarativeNetRequestFeedback permission or have activeTab granted for the specified tab ID in order to call this function.",
            Text(await e.EvaluateAsync("background", "await chrome.declarativeNetRequest.getMatchedRules().then(() => 'answered', e => e.message)")));
    }
}
