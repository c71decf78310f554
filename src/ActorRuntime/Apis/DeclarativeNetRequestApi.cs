using System.Text;
using System.Text.Json;
using ActorRuntime.Kernel;
using ActorRuntime.Apis.Schema;
using ActorRuntime.Kernel.Dnr;
using Jint;
using Jint.Native;
using Jint.Native.Object;
using Jint.Runtime;

namespace ActorRuntime.Apis;

/// <summary>
/// <c>declarativeNetRequest</c> over the extension's rule engine (<see cref="DnrEngine"/>): dynamic and session rules,
/// static rulesets and their rules enabled and disabled, <c>isRegexSupported</c>, <c>testMatchOutcome</c> (what the rules
/// would do to a request, recording nothing) and, in Chromium, <c>getMatchedRules</c> (the rules that matched requests the
/// engine evaluated, for five minutes). The limits are constants of the flavour's browser.
/// </summary>
internal static class DeclarativeNetRequestApi
{
    private const string Ns = "declarativeNetRequest.";
    private static readonly TimeSpan MatchedRulesKept = TimeSpan.FromMinutes(5);

    public static void Register(Dictionary<string, ApiImplementation> registry)
    {
        registry[Ns + "updateDynamicRules"] = new() { Function = call => UpdateRules(call, DnrEngine.DynamicRulesetId) };
        registry[Ns + "updateSessionRules"] = new() { Function = call => UpdateRules(call, DnrEngine.SessionRulesetId) };
        registry[Ns + "getDynamicRules"] = new() { Function = call => GetRules(call, DnrEngine.DynamicRulesetId) };
        registry[Ns + "getSessionRules"] = new() { Function = call => GetRules(call, DnrEngine.SessionRulesetId) };
        registry[Ns + "getEnabledRulesets"] = new() { Function = call => call.Answer(Parse(call, Strings(Engine(call).EnabledRulesets))) };
        registry[Ns + "updateEnabledRulesets"] = new() { Function = UpdateEnabledRulesets };
        registry[Ns + "updateStaticRules"] = new() { Function = UpdateStaticRules };
        registry[Ns + "getDisabledRuleIds"] = new() { Function = GetDisabledRuleIds };
        registry[Ns + "getAvailableStaticRuleCount"] = new() { Function = call => call.Answer(Engine(call).AvailableStaticRuleCount) };
        registry[Ns + "isRegexSupported"] = new() { Function = IsRegexSupported };
        registry[Ns + "testMatchOutcome"] = new() { Function = TestMatchOutcome };
        registry[Ns + "getMatchedRules"] = new() { Function = GetMatchedRules, OnlyIn = [Flavor.Chrome] };
        foreach (var name in DnrLimits.For(Flavor.Mdn).Constants.Keys)
            registry[Ns + name] = new() { Value = host => DnrLimits.For(host.Extension.Flavor).Constants[name] };
    }

    private static DnrEngine Engine(ApiCall call) => call.Realm.Extension.NetRules;

    private static JsValue UpdateRules(ApiCall call, string rulesetId)
    {
        var options = call[0] as ObjectInstance;
        var remove = Numbers(options?.Get("removeRuleIds")).Select(n => (int)n).ToHashSet();
        var add = options?.Get("addRules") is ObjectInstance rules && rules.IsArray() ? rules : null;
        var engine = Engine(call);
        var count = add is null ? 0 : (long)TypeConverter.ToNumber(add.Get("length"));
        // More rules than the limit fail on their count: they are not read one by one first.
        var (limit, limitName) = rulesetId == DnrEngine.SessionRulesetId
            ? (engine.Limits.SessionRules, "MAX_NUMBER_OF_SESSION_RULES")
            : (engine.Limits.DynamicRules, "MAX_NUMBER_OF_DYNAMIC_RULES");
        if (count > limit) return call.Fail(engine.Reader.Errors.RuleCount(rulesetId, "rules", limitName));
        List<JsonElement> parsed;
        using (var document = add is null ? null : JsonDocument.Parse(Stringify(call, add), new JsonDocumentOptions { MaxDepth = call.Realm.Extension.Options.MaxMessageDepth }))
            parsed = document is null ? [] : document.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
        if (engine.UpdateRules(rulesetId, remove, parsed) is { } error) return call.Fail(error);
        // Dynamic rules outlive a restart of the browser; session rules do not.
        if (rulesetId == DnrEngine.DynamicRulesetId) call.Realm.Extension.KeptState.Changed(KeptBrowserState.DynamicRules, engine.DynamicRulesJson);
        return call.Answer(JsValue.Undefined);
    }

    private static JsValue GetRules(ApiCall call, string rulesetId)
    {
        var filter = call[0] as ObjectInstance;
        var ids = filter?.Get("ruleIds") is ObjectInstance list && list.IsArray() ? Numbers(list).Select(n => (int)n).ToHashSet() : null;
        return call.Answer(Parse(call, "[" + string.Join(",", Engine(call).Rules(rulesetId, ids).Select(r => r.Json)) + "]"));
    }

    private static JsValue UpdateEnabledRulesets(ApiCall call)
    {
        var options = call[0] as ObjectInstance;
        var engine = Engine(call);
        var error = engine.UpdateEnabledRulesets(Texts(options?.Get("disableRulesetIds")), Texts(options?.Get("enableRulesetIds")));
        if (error is not null) return call.Fail(error);
        call.Realm.Extension.KeptState.Changed(KeptBrowserState.StaticRulesets, engine.StaticStateJson);
        return call.Answer(JsValue.Undefined);
    }

    private static JsValue UpdateStaticRules(ApiCall call)
    {
        var options = call[0] as ObjectInstance;
        var rulesetId = options?.Get("rulesetId") is { } id && id.IsString() ? id.AsString() : "";
        var engine = Engine(call);
        var error = engine.UpdateStaticRules(rulesetId, Numbers(options?.Get("disableRuleIds")).Select(n => (int)n).ToList(),
            Numbers(options?.Get("enableRuleIds")).Select(n => (int)n).ToList());
        if (error is not null) return call.Fail(error);
        call.Realm.Extension.KeptState.Changed(KeptBrowserState.StaticRulesets, engine.StaticStateJson);
        return call.Answer(JsValue.Undefined);
    }

    private static JsValue GetDisabledRuleIds(ApiCall call)
    {
        var rulesetId = call[0] is ObjectInstance options && options.Get("rulesetId") is { } id && id.IsString() ? id.AsString() : "";
        var engine = Engine(call);
        return engine.DisabledRuleIds(rulesetId) is { } ids
            ? call.Answer(Parse(call, "[" + string.Join(",", ids) + "]"))
            : call.Fail(engine.Reader.Errors.InvalidRulesetId(rulesetId));
    }

    private static JsValue IsRegexSupported(ApiCall call)
    {
        var options = call[0] as ObjectInstance;
        var regex = options?.Get("regex") is { } r && r.IsString() ? r.AsString() : "";
        var caseSensitive = options?.Get("isCaseSensitive") is { } c && c.IsBoolean() && c.AsBoolean();
        var (compiled, reason) = DnrRuleReader.CompileRegex(regex, caseSensitive, call.Realm.Extension.Options.MaxRegexLength);
        if (compiled is not null && regex.Any(ch => ch > 0x7f)) reason = "syntaxError";
        return call.Answer(Parse(call, compiled is not null && reason is null ? "{\"isSupported\":true}" : $"{{\"isSupported\":false,\"reason\":\"{reason}\"}}"));
    }

    /// <summary>What the extension's rules would do to the request described (nothing is recorded).</summary>
    private static JsValue TestMatchOutcome(ApiCall call)
    {
        var extension = call.Realm.Extension;
        var chromium = extension.Flavor == Flavor.Chrome;
        var details = call[0] as ObjectInstance;
        string? Text(string key) => details?.Get(key) is { } v && v.IsString() ? v.AsString() : null;
        var url = Text("url") ?? "";
        var initiator = Text("initiator");
        var tabId = details?.Get("tabId") is { } t && t.IsNumber() ? (int)t.AsNumber() : -1;
        if (!Uri.TryCreate(url, UriKind.Absolute, out _)) return call.Fail(chromium ? "Invalid test request URL." : "An unexpected error occurred");
        if (initiator is not null && !Uri.TryCreate(initiator, UriKind.Absolute, out _)) return call.Fail(chromium ? "Invalid test request initiator." : "An unexpected error occurred");
        if (tabId < -1) return call.Fail(chromium ? "Invalid test request tab ID." : "An unexpected error occurred");
        var request = new DnrRequest(url, initiator, (Text("method") ?? "get").ToLowerInvariant(), Text("type") ?? "other", tabId);
        var outcome = extension.NetRules.Evaluate(request, AccessOf(extension), record: false);
        var matched = outcome.Matched.Select(m => $"{{\"ruleId\":{m.RuleId},\"rulesetId\":{JsonSerializer.Serialize(m.RulesetId)}}}");
        return call.Answer(Parse(call, "{\"matchedRules\":[" + string.Join(",", matched) + "]}"));
    }

    private static JsValue GetMatchedRules(ApiCall call)
    {
        var extension = call.Realm.Extension;
        if (!ApiAccess.For(call.Realm).Holds("declarativeNetRequestFeedback"))
            return call.Fail("The extension must have the declarativeNetRequestFeedback permission or have activeTab granted for the specified tab ID in order to call this function.");
        var filter = call[0] as ObjectInstance;
        int? tabId = filter?.Get("tabId") is { } t && t.IsNumber() ? (int)t.AsNumber() : null;
        var oldest = (extension.Clock.GetUtcNow() - MatchedRulesKept).ToUnixTimeMilliseconds();
        var since = filter?.Get("minTimeStamp") is { } m && m.IsNumber() ? Math.Max(m.AsNumber(), oldest) : oldest;
        var infos = extension.NetRules.MatchedRules(tabId, since).Select(r =>
            $"{{\"rule\":{{\"ruleId\":{r.Rule.RuleId},\"rulesetId\":{JsonSerializer.Serialize(r.Rule.RulesetId)}}},\"tabId\":{r.TabId},\"timeStamp\":{r.TimeStamp.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}");
        return call.Answer(Parse(call, "{\"rulesInfo\":[" + string.Join(",", infos) + "]}"));
    }

    /// <summary>
    /// What the extension may do to requests, readable from any thread (the request lifecycle's): <c>declarativeNetRequest</c>
    /// (not <c>declarativeNetRequestWithHostAccess</c>) lets it block, allow and upgrade anywhere; its host permissions as
    /// last published let it redirect and change headers.
    /// </summary>
    public static DnrAccess AccessOf(ExtensionKernel extension)
    {
        var origins = extension.HostIfAny?.Granted?.OriginsNow ?? extension.Manifest.HostPermissions;
        return new DnrAccess(extension.Manifest.Permissions.Contains("declarativeNetRequest"), url => CookieViews.HostAccess(origins, url));
    }

    private static string Stringify(ApiCall call, JsValue value) => call.Realm.Stringify(value).AsString();

    private static IEnumerable<double> Numbers(JsValue? value)
    {
        if (value is not ObjectInstance array || !array.IsArray()) yield break;
        var length = (long)TypeConverter.ToNumber(array.Get("length"));
        for (long i = 0; i < length; i++)
            if (array.Get(i) is { } item && item.IsNumber()) yield return item.AsNumber();
    }

    private static List<string> Texts(JsValue? value)
    {
        var texts = new List<string>();
        if (value is not ObjectInstance array || !array.IsArray()) return texts;
        var length = (long)TypeConverter.ToNumber(array.Get("length"));
        for (long i = 0; i < length; i++) texts.Add(TypeConverter.ToString(array.Get(i)));
        return texts;
    }

    private static string Strings(IEnumerable<string> values) => "[" + string.Join(",", values.Select(v => JsonSerializer.Serialize(v))) + "]";

    private static JsValue Parse(ApiCall call, string json) => new Jint.Native.Json.JsonParser(call.Realm.Engine).Parse(json);
}
