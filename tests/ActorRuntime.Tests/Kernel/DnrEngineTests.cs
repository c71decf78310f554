using System.Text.Json;
using ActorRuntime.Kernel.Dnr;

namespace ActorRuntime.Tests.Kernel;

/// <summary>The declarativeNetRequest engine on its own: conditions, precedence, each action, validation, limits.</summary>
public class DnrEngineTests
{
    private const string Base = "moz-extension://0d1e2f/";

    private static DnrEngine Engine(Flavor flavor = Flavor.Firefox, params (string Id, bool Enabled, string Rules)[] rulesets)
    {
        var reader = new DnrRuleReader(flavor, 2000);
        var loaded = rulesets.Select((r, i) => new DnrRuleset(r.Id, 2 + i, Elements(r.Rules).Select(e => reader.Read(e, false)).ToList())).ToList();
        return new DnrEngine(flavor, 2000, 100, Base, loaded, rulesets.Where(r => r.Enabled).Select(r => r.Id));
    }

    private static List<JsonElement> Elements(string json) => JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => e.Clone()).ToList();

    private static void Session(DnrEngine engine, string rules) => Assert.Null(engine.UpdateRules(DnrEngine.SessionRulesetId, [], Elements(rules)));

    private static void Dynamic(DnrEngine engine, string rules) => Assert.Null(engine.UpdateRules(DnrEngine.DynamicRulesetId, [], Elements(rules)));

    private static DnrOutcome Evaluate(DnrEngine engine, string url, string type = "image", string? initiator = "https://site.com", string method = "get", DnrAccess? access = null) =>
        engine.Evaluate(new DnrRequest(url, initiator, method, type), access ?? DnrAccess.Everything);

    private static string Decided(DnrOutcome outcome) => string.Join(",", outcome.Matched.Select(m => $"{m.RulesetId}#{m.RuleId}")) + (outcome.Action is { } a ? ":" + a : "");

    [Theory]
    [InlineData("https://example.com/a", "_session#1,_session#2,_session#3,_session#5,_session#6")]
    [InlineData("https://a.sub.example.com:8080/a", "_session#1,_session#3,_session#4,_session#5,_session#6")]
    [InlineData("https://example.com.evil.org/a", "_session#5,_session#6")]
    [InlineData("https://notexample.com/a", "_session#3,_session#6")]
    [InlineData("https://EXAMPLE.com/a", "_session#1,_session#2,_session#3,_session#5,_session#6")]
    public void Rules_indexed_by_the_domain_of_their_filter_match_as_every_rule_tried_would(string url, string expected)
    {
        var engine = Engine();
        // 1-4 are indexed by their domain (||domain^, ||domain/, ||domain:); 5 and 6 are of other shapes, tried on every request.
        Session(engine, """
            [{"id":1,"priority":1,"condition":{"urlFilter":"||example.com^"},"action":{"type":"modifyHeaders","requestHeaders":[{"header":"a","operation":"remove"}]}},
             {"id":2,"priority":1,"condition":{"urlFilter":"||Example.com/a"},"action":{"type":"modifyHeaders","requestHeaders":[{"header":"b","operation":"remove"}]}},
             {"id":3,"priority":1,"condition":{"urlFilter":"||com^"},"action":{"type":"modifyHeaders","requestHeaders":[{"header":"c","operation":"remove"}]}},
             {"id":4,"priority":1,"condition":{"urlFilter":"||sub.example.com:8080"},"action":{"type":"modifyHeaders","requestHeaders":[{"header":"d","operation":"remove"}]}},
             {"id":5,"priority":1,"condition":{"urlFilter":"||example.com"},"action":{"type":"modifyHeaders","requestHeaders":[{"header":"e","operation":"remove"}]}},
             {"id":6,"priority":1,"condition":{"urlFilter":"/a"},"action":{"type":"modifyHeaders","requestHeaders":[{"header":"f","operation":"remove"}]}}]
            """);
        var outcome = Evaluate(engine, url);
        Assert.Equal(expected, string.Join(",", outcome.Matched.Select(m => $"{m.RulesetId}#{m.RuleId}").Order()));
        // Each rule's filter tried against the URL on its own, without the index, agrees.
        var canonical = new Uri(url).AbsoluteUri;
        var tried = engine.Rules(DnrEngine.SessionRulesetId, null).Where(r => r.Condition.UrlFilter!.Matches(canonical)).Select(r => $"_session#{r.Id}");
        Assert.Equal(expected, string.Join(",", tried.Order()));
    }

    [Fact]
    public void The_highest_priority_wins_whatever_the_action()
    {
        var engine = Engine();
        Session(engine, """
            [{"id":1,"priority":1,"condition":{"urlFilter":"ads"},"action":{"type":"allow"}},
             {"id":2,"priority":5,"condition":{"urlFilter":"ads"},"action":{"type":"block"}},
             {"id":3,"priority":3,"condition":{"urlFilter":"ads"},"action":{"type":"redirect","redirect":{"url":"https://x.org/"}}}]
            """);
        Assert.Equal("_session#2:Block", Decided(Evaluate(engine, "https://a.com/ads")));
    }

    [Theory]
    [InlineData("block", "allow", "allow")]
    [InlineData("allowAllRequests", "allow", "allow")]
    [InlineData("block", "redirect", "block")]
    [InlineData("upgradeScheme", "redirect", "upgradeScheme")]
    [InlineData("block", "upgradeScheme", "block")]
    public void Between_equal_priorities_the_action_decides(string first, string second, string winner)
    {
        var engine = Engine();
        string Rule(int id, string type) => "{\"id\":" + id + ",\"condition\":{\"urlFilter\":\"ads\",\"resourceTypes\":[\"main_frame\"]},\"action\":{\"type\":\"" + type + "\""
            + (type == "redirect" ? ",\"redirect\":{\"url\":\"https://x.org/\"}" : "") + "}}";
        Session(engine, $"[{Rule(1, first)},{Rule(2, second)}]");
        var outcome = Evaluate(engine, "http://a.com/ads", type: "main_frame");
        Assert.Equal(winner, JsonNamingPolicy.CamelCase.ConvertName(outcome.Action!.Value.ToString()));
    }

    [Fact]
    public void Between_equal_rules_session_comes_before_dynamic_before_static_and_lower_ids_first()
    {
        var engine = Engine(Flavor.Firefox, ("static", true, """[{"id":1,"condition":{"urlFilter":"ads"},"action":{"type":"block"}}]"""));
        Assert.Equal("static#1:Block", Decided(Evaluate(engine, "https://a.com/ads")));
        Dynamic(engine, """[{"id":9,"condition":{"urlFilter":"ads"},"action":{"type":"block"}},{"id":4,"condition":{"urlFilter":"ads"},"action":{"type":"block"}}]""");
        Assert.Equal("_dynamic#4:Block", Decided(Evaluate(engine, "https://a.com/ads")));
        Session(engine, """[{"id":7,"condition":{"urlFilter":"ads"},"action":{"type":"block"}}]""");
        Assert.Equal("_session#7:Block", Decided(Evaluate(engine, "https://a.com/ads")));
    }

    [Fact]
    public void Header_changes_apply_above_an_allow_and_the_first_change_of_a_header_wins()
    {
        var engine = Engine();
        Session(engine, """
            [{"id":1,"priority":2,"condition":{"urlFilter":"a.com"},"action":{"type":"allow"}},
             {"id":2,"priority":2,"condition":{},"action":{"type":"modifyHeaders","requestHeaders":[{"header":"x-low","operation":"set","value":"1"}]}},
             {"id":3,"priority":3,"condition":{},"action":{"type":"modifyHeaders","requestHeaders":[{"header":"x-a","operation":"set","value":"1"},{"header":"x-b","operation":"remove"}],"responseHeaders":[{"header":"set-cookie","operation":"remove"}]}},
             {"id":4,"priority":4,"condition":{},"action":{"type":"modifyHeaders","requestHeaders":[{"header":"x-a","operation":"append","value":"0"},{"header":"X-A","operation":"set","value":"2"}]}}]
            """);
        var outcome = Evaluate(engine, "https://a.com/");
        Assert.Equal("_session#1,_session#4,_session#3:Allow", Decided(outcome));
        Assert.Equal(["x-a append 0", "x-b remove "], outcome.RequestHeaders.Select(h => $"{h.Header} {h.Operation} {h.Value}"));
        Assert.Equal("set-cookie", Assert.Single(outcome.ResponseHeaders).Header);
        // Without the allow, every header change applies.
        Assert.Equal("_session#4,_session#3,_session#2:ModifyHeaders", Decided(Evaluate(engine, "https://b.com/")));
    }

    [Theory]
    [InlineData("""{"url":"https://to.org/path"}""", "https://to.org/path")]
    [InlineData("""{"extensionPath":"/blocked.html?x=1"}""", Base + "blocked.html?x=1")]
    [InlineData("""{"transform":{"scheme":"https","host":"new.org","queryTransform":{"removeParams":["utm"],"addOrReplaceParams":[{"key":"b","value":"x y"},{"key":"c","value":"3","replaceOnly":true}]}}}""", "https://new.org/p?a=1&b=x+y")]
    [InlineData("""{"transform":{"port":"8080","path":"/q","query":"?k=v","fragment":"#f"}}""", "http://from.org:8080/q?k=v#f")]
    public void A_redirect_goes_where_its_one_way_says(string redirect, string destination)
    {
        var engine = Engine();
        Session(engine, """[{"id":1,"condition":{"urlFilter":"from.org"},"action":{"type":"redirect","redirect":""" + redirect + "}}]");
        var outcome = Evaluate(engine, "http://from.org/p?a=1&utm=2&b=1");
        Assert.Equal((DnrActionType.Redirect, destination), (outcome.Action!.Value, outcome.RedirectUrl));
    }

    [Fact]
    public void A_regex_substitution_puts_the_groups_in_place()
    {
        var engine = Engine();
        Session(engine, """[{"id":1,"condition":{"regexFilter":"^https://(www\\.)?example\\.com/(.*)$"},"action":{"type":"redirect","redirect":{"regexSubstitution":"https://mirror.org/\\2?from=\\1"}}}]""");
        Assert.Equal("https://mirror.org/a/b?from=www.", Evaluate(engine, "https://www.example.com/a/b").RedirectUrl);
        Assert.Equal(DnrOutcome.None, Evaluate(engine, "https://other.com/a"));
    }

    [Fact]
    public void An_upgrade_makes_insecure_requests_secure_and_leaves_secure_ones_to_other_rules()
    {
        var engine = Engine();
        Session(engine, """
            [{"id":1,"priority":2,"condition":{},"action":{"type":"upgradeScheme"}},
             {"id":2,"priority":1,"condition":{"urlFilter":"blocked"},"action":{"type":"block"}}]
            """);
        Assert.Equal("https://a.com/x", Evaluate(engine, "http://a.com/x").RedirectUrl);
        Assert.Equal("wss://a.com/s", Evaluate(engine, "ws://a.com/s", type: "websocket").RedirectUrl);
        Assert.Equal("_session#2:Block", Decided(Evaluate(engine, "https://a.com/blocked")));
    }

    [Fact]
    public void Conditions_filter_by_domains_types_methods_party_and_tab()
    {
        var engine = Engine();
        Session(engine, """
            [{"id":1,"condition":{"requestDomains":["ads.com"],"excludedRequestDomains":["ok.ads.com"]},"action":{"type":"block"}},
             {"id":2,"condition":{"initiatorDomains":["evil.org"]},"action":{"type":"block"}},
             {"id":3,"condition":{"urlFilter":"post","requestMethods":["post"]},"action":{"type":"block"}},
             {"id":4,"condition":{"urlFilter":"third","domainType":"thirdParty"},"action":{"type":"block"}},
             {"id":5,"condition":{"urlFilter":"tab","tabIds":[7]},"action":{"type":"block"}},
             {"id":6,"condition":{"urlFilter":"script","excludedResourceTypes":["script"]},"action":{"type":"block"}}]
            """);
        Assert.True(Evaluate(engine, "https://x.ads.com/").Blocks);
        Assert.False(Evaluate(engine, "https://ok.ads.com/").Blocks);
        Assert.True(Evaluate(engine, "https://cdn.net/", initiator: "https://www.evil.org").Blocks);
        Assert.False(Evaluate(engine, "https://cdn.net/", initiator: null).Blocks);
        Assert.True(Evaluate(engine, "https://a.com/post", method: "post").Blocks);
        Assert.False(Evaluate(engine, "https://a.com/post").Blocks);
        Assert.True(Evaluate(engine, "https://a.com/third", initiator: "https://b.com").Blocks);
        Assert.False(Evaluate(engine, "https://a.com/third", initiator: "https://www.a.com").Blocks);
        Assert.True(engine.Evaluate(new DnrRequest("https://a.com/tab", null, "get", "image", 7), DnrAccess.Everything).Blocks);
        Assert.False(engine.Evaluate(new DnrRequest("https://a.com/tab", null, "get", "image", 8), DnrAccess.Everything).Blocks);
        Assert.False(Evaluate(engine, "https://a.com/script", type: "script").Blocks);
        // Without resource types a rule leaves the main frame alone.
        Assert.False(Evaluate(engine, "https://x.ads.com/", type: "main_frame").Blocks);
    }

    [Fact]
    public void Without_host_permission_a_block_still_applies_but_a_redirect_does_not()
    {
        var engine = Engine();
        Session(engine, """
            [{"id":1,"condition":{"urlFilter":"block"},"action":{"type":"block"}},
             {"id":2,"condition":{"urlFilter":"move"},"action":{"type":"redirect","redirect":{"url":"https://x.org/"}}}]
            """);
        var noHosts = new DnrAccess(CanBlock: true, _ => false);
        Assert.True(Evaluate(engine, "https://a.com/block", access: noHosts).Blocks);
        Assert.Equal(DnrOutcome.None, Evaluate(engine, "https://a.com/move", access: noHosts));
        Assert.Equal(DnrOutcome.None, Evaluate(engine, "https://a.com/block", access: new DnrAccess(CanBlock: false, _ => false)));
    }

    [Fact]
    public void Matches_are_recorded_when_asked_and_bounded()
    {
        var engine = new DnrEngine(Flavor.Chrome, 2000, 2, Base, [], []);
        Session(engine, """[{"id":1,"condition":{"urlFilter":"a"},"action":{"type":"block"}}]""");
        for (var i = 0; i < 3; i++) engine.Evaluate(new DnrRequest("https://a.com/", null, "get", "image", i), DnrAccess.Everything, now: DateTimeOffset.UnixEpoch.AddSeconds(i));
        engine.Evaluate(new DnrRequest("https://a.com/", null, "get", "image", 9), DnrAccess.Everything, record: false);
        Assert.Equal([(1, 1000d), (2, 2000d)], engine.MatchedRules(null, null).Select(m => (m.TabId, m.TimeStamp)));
        Assert.Equal([2], engine.MatchedRules(2, null).Select(m => m.TabId));
    }

    [Theory]
    [InlineData(Flavor.Chrome, """{"id":1,"condition":{},"action":{"type":"redirect"}}""", "Rule with id 1 specifies an incorrect value for the \"action.redirect\" key.")]
    [InlineData(Flavor.Firefox, """{"id":1,"condition":{},"action":{"type":"redirect"}}""", "A redirect rule must have a non-empty action.redirect object")]
    [InlineData(Flavor.Chrome, """{"id":2,"condition":{"urlFilter":"a","regexFilter":"b"},"action":{"type":"block"}}""", "Rule with id 2 can only specify one of \"urlFilter\" or \"regexFilter\" keys.")]
    [InlineData(Flavor.Chrome, """{"id":3,"condition":{"urlFilter":"||*x"},"action":{"type":"block"}}""", "Rule with id 3 specifies an incorrect value for the \"urlFilter\" key.")]
    [InlineData(Flavor.Firefox, """{"id":3,"condition":{"urlFilter":"||*x"},"action":{"type":"block"}}""", "urlFilter should not start with '||*'")]
    [InlineData(Flavor.Chrome, """{"id":4,"condition":{"resourceTypes":["image"],"excludedResourceTypes":["image"]},"action":{"type":"block"}}""", "Rule with id 4 includes and excludes the same resource.")]
    [InlineData(Flavor.Chrome, """{"id":5,"condition":{},"action":{"type":"allowAllRequests"}}""", "Rule with id 5 is an \"allowAllRequests\" rule and must specify the \"resourceTypes\" key. It may only include the \"main_frame\" and \"sub_frame\" resource types.")]
    [InlineData(Flavor.Chrome, """{"id":6,"condition":{},"action":{"type":"modifyHeaders"}}""", "Rule with id 6 does not specify a value for \"action.requestHeaders\" or \"action.responseHeaders\" key. At least one of these keys must be specified with a non-empty list.")]
    [InlineData(Flavor.Chrome, """{"id":7,"condition":{},"action":{"type":"modifyHeaders","requestHeaders":[{"header":"x","operation":"set"}]}}""", "Rule with id 7 must provide a value for a header to be appended/set.")]
    [InlineData(Flavor.Firefox, """{"id":7,"condition":{},"action":{"type":"modifyHeaders","requestHeaders":[{"header":"x","operation":"remove","value":"v"}]}}""", "value must not be provided for operation remove")]
    [InlineData(Flavor.Chrome, """{"id":8,"condition":{"tabIds":[1]},"action":{"type":"block"}}""", "Rule with id 8 specifies a value for \"tabIds\" or \"excludedTabIds\" key. These are only supported for session-scoped rules.")]
    [InlineData(Flavor.Chrome, """{"id":9,"condition":{"regexFilter":"(?=a)b"},"action":{"type":"block"}}""", "Rule with id 9 specifies an incorrect value for the \"regexFilter\" key.")]
    [InlineData(Flavor.Chrome, """{"id":10,"condition":{"urlFilter":"a"},"action":{"type":"redirect","redirect":{"regexSubstitution":"x"}}}""", "Rule with id 10 can't specify the \"regexSubstitution\" key without specifying the \"regexFilter\" key.")]
    public void A_rule_the_browser_refuses_is_refused_with_its_text(Flavor flavor, string rule, string error)
    {
        var engine = Engine(flavor);
        Assert.Equal(error, engine.UpdateRules(DnrEngine.DynamicRulesetId, [], Elements($"[{rule}]")));
        Assert.Empty(engine.Rules(DnrEngine.DynamicRulesetId, null));
    }

    [Theory]
    [InlineData(Flavor.Chrome, "Rule with id 1 does not have a unique ID.", "Session rule count exceeded.")]
    [InlineData(Flavor.Firefox, "Duplicate rule ID: 1", "Number of rules in ruleset \"_session\" exceeds MAX_NUMBER_OF_SESSION_RULES.")]
    public void Ids_are_unique_and_counts_bounded_and_an_update_is_all_or_nothing(Flavor flavor, string duplicate, string tooMany)
    {
        var engine = Engine(flavor);
        const string rule = """{"id":1,"condition":{},"action":{"type":"block"}}""";
        Session(engine, $"[{rule}]");
        Assert.Equal(duplicate, engine.UpdateRules(DnrEngine.SessionRulesetId, [], Elements("""[{"id":2,"condition":{},"action":{"type":"block"}},""" + rule + "]")));
        Assert.Equal([1], engine.Rules(DnrEngine.SessionRulesetId, null).Select(r => r.Id));
        Assert.Null(engine.UpdateRules(DnrEngine.SessionRulesetId, [1], Elements($"[{rule}]")));
        var many = "[" + string.Join(",", Enumerable.Range(2, engine.Limits.SessionRules).Select(i => "{\"id\":" + i + ",\"condition\":{},\"action\":{\"type\":\"block\"}}")) + "]";
        Assert.Equal(tooMany, engine.UpdateRules(DnrEngine.SessionRulesetId, [], Elements(many)));
        Assert.Single(engine.Rules(DnrEngine.SessionRulesetId, null));
    }

    [Fact]
    public void Static_rulesets_are_enabled_and_disabled_by_id_within_the_limits()
    {
        var engine = Engine(Flavor.Chrome,
            ("a", true, """[{"id":1,"condition":{"urlFilter":"one"},"action":{"type":"block"}}]"""),
            ("b", false, """[{"id":1,"condition":{"urlFilter":"two"},"action":{"type":"block"}},{"id":2,"condition":{"urlFilter":"three"},"action":{"type":"block"}}]"""));
        Assert.Equal(["a"], engine.EnabledRulesets);
        Assert.Equal(engine.Limits.StaticRules - 1, engine.AvailableStaticRuleCount);
        Assert.False(Evaluate(engine, "https://x.com/two").Blocks);
        Assert.Equal("Invalid ruleset id: c.", engine.UpdateEnabledRulesets([], ["c"]));
        Assert.Null(engine.UpdateEnabledRulesets(["a"], ["b"]));
        Assert.Equal(["b"], engine.EnabledRulesets);
        Assert.Equal("b#1:Block", Decided(Evaluate(engine, "https://x.com/two")));
        Assert.Null(engine.UpdateStaticRules("b", [1], []));
        Assert.False(Evaluate(engine, "https://x.com/two").Blocks);
        Assert.Equal([1], engine.DisabledRuleIds("b"));
        Assert.True(Evaluate(engine, "https://x.com/three").Blocks);
    }

    [Theory]
    [InlineData("^https://a\\.com/(\\d+)$", null)]
    [InlineData("(?<=a)b", "syntaxError")]
    [InlineData("(a", "syntaxError")]
    public void Regexes_compile_without_backtracking_or_are_refused(string regex, string? reason)
    {
        Assert.Equal(reason, DnrRuleReader.CompileRegex(regex, caseSensitive: false, maxLength: 2000).Reason);
        Assert.Equal("memoryLimitExceeded", DnrRuleReader.CompileRegex(new string('a', 2001), caseSensitive: false, maxLength: 2000).Reason);
    }
}
