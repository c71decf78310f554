namespace ActorRuntime.Kernel.Dnr;

/// <summary>
/// declarativeNetRequest's errors in each flavour's words: Chromium's <c>Rule with id N ...</c> texts
/// (<c>extensions/browser/api/declarative_net_request/constants.cc</c>), Firefox's RuleValidator and quota texts
/// (<c>ExtensionDNR.sys.mjs</c>, <c>ExtensionDNRStore.sys.mjs</c>). Where a browser has no such check, the text is the
/// runtime's own, naming what was wrong.
/// </summary>
internal sealed class DnrErrors(Flavor flavor)
{
    private readonly bool _chromium = flavor == Flavor.Chrome;

    private string Pick(int id, string chromium, string firefox) => _chromium ? $"Rule with id {id} {chromium}" : firefox;

    private string Incorrect(int id, string key, string firefox) => Pick(id, $"specifies an incorrect value for the \"{key}\" key.", firefox);

    public string DuplicateId(int id) => Pick(id, "does not have a unique ID.", $"Duplicate rule ID: {id}");
    public string RedirectMissing(int id) => Incorrect(id, "action.redirect", "A redirect rule must have a non-empty action.redirect object");
    public string RedirectUrl(int id) => Pick(id, "does not provide a valid URL for action.redirect.url key.", "redirect.url is not a valid URL");
    public string JavascriptRedirect(int id) => Pick(id, "specifies an incorrect value for the \"action.redirect.url\" key. Redirects to javascript urls are not supported.", "redirect.url may not be a javascript: URL");
    public string ExtensionPath(int id) => Incorrect(id, "action.redirect.extensionPath", "redirect.extensionPath should start with a '/'");
    public string TransformScheme(int id, string schemes) => Pick(id, $"specifies an incorrect value for the \"action.redirect.transform.scheme\" key. Allowed values are: [{schemes}].", "redirect.transform does not describe a valid URL transformation");
    public string TransformPort(int id) => Incorrect(id, "action.redirect.transform.port", "redirect.transform.port should be empty or an integer");
    public string TransformQuery(int id) => Incorrect(id, "action.redirect.transform.query", "redirect.transform.query should be empty or start with a '?'");
    public string TransformFragment(int id) => Incorrect(id, "action.redirect.transform.fragment", "redirect.transform.fragment should be empty or start with a '#'");
    public string QueryAndQueryTransform(int id) => Pick(id, "cannot specify both \"action.redirect.transform.query\" and \"action.redirect.transform.queryTransform\" keys.", "redirect.transform.query and redirect.transform.queryTransform are mutually exclusive");
    public string TooManyRedirectKeys(int id) => "redirect.url, redirect.extensionPath, redirect.transform and redirect.regexSubstitution are mutually exclusive";
    public string RegexSubstitution(int id) => Incorrect(id, "action.redirect.regexSubstitution", "redirect.regexSubstitution only allows digit or \\ after \\.");
    public string RegexSubstitutionWithoutFilter(int id) => Pick(id, "can't specify the \"regexSubstitution\" key without specifying the \"regexFilter\" key.", "redirect.regexSubstitution requires the regexFilter condition to be specified");
    public string BothFilters(int id) => Pick(id, "can only specify one of \"urlFilter\" or \"regexFilter\" keys.", "urlFilter and regexFilter are mutually exclusive");
    public string EmptyFilter(int id, string key) => Pick(id, $"cannot have an empty value for {key} key.", $"{key} should not be an empty string");
    public string NonAscii(int id, string key) => Pick(id, $"cannot have non-ascii characters as part of \"{key}\" key.", $"{key} should not contain non-ASCII characters");
    public string UrlFilterDomainWildcard(int id) => Incorrect(id, "urlFilter", "urlFilter should not start with '||*'");
    public string InvalidRegex(int id) => Incorrect(id, "regexFilter", "regexFilter is not a valid regular expression");

    public string RegexTooLong(int id, int maxLength) => _chromium
        ? $"Rule with id {id} was skipped as the \"regexFilter\" value exceeded the 2KB memory limit when compiled. Learn more: https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#regex-rules"
        : $"regexFilter is longer than {maxLength} characters (actorruntime.declarative-net-request.max-regex-length)";

    public string EmptyList(int id, string key) => Pick(id, $"cannot have an empty list as the value for {key} key.", $"{key} should not be an empty list");
    public string MethodsOverlap(int id) => Pick(id, "includes and excludes the same request method.", "requestMethods and excludedRequestMethods should not overlap");
    public string MethodCase(int id) => Pick(id, "specifies an incorrect value for the \"requestMethods\" key.", "request methods must be in lower case");
    public string TypesOverlap(int id) => Pick(id, "includes and excludes the same resource.", "resourceTypes and excludedResourceTypes should not overlap");
    public string NoResourceType(int id) => Pick(id, "is not applicable to any resource type.", "excludedResourceTypes excludes every resource type");

    public string AllowAllRequestsTypes(int id, bool missing) => Pick(id,
        "is an \"allowAllRequests\" rule and must specify the \"resourceTypes\" key. It may only include the \"main_frame\" and \"sub_frame\" resource types.",
        missing ? "An allowAllRequests rule must have a non-empty resourceTypes array" : "An allowAllRequests rule may only include main_frame/sub_frame in resourceTypes");

    public string TabIdsOutsideSession(int id) => Pick(id, "specifies a value for \"tabIds\" or \"excludedTabIds\" key. These are only supported for session-scoped rules.", "tabIds and excludedTabIds can only be specified in session rules");
    public string TabIdsOverlap(int id) => Pick(id, "includes and excludes the same tab ID.", "tabIds and excludedTabIds should not overlap");
    public string NoHeaders(int id) => Pick(id, "does not specify a value for \"action.requestHeaders\" or \"action.responseHeaders\" key. At least one of these keys must be specified with a non-empty list.", "A modifyHeaders rule must have a non-empty requestHeaders or modifyHeaders list");
    public string HeaderName(int id) => Pick(id, "must specify a valid header name to be modified.", "header must be non-empty");
    public string HeaderValue(int id) => Pick(id, "must provide a valid header value to be appended/set.", "header value must not hold a line break or NUL");
    public string HeaderValueMissing(int id) => Pick(id, "must provide a value for a header to be appended/set.", "value is required for operations append/set");
    public string HeaderValuePresent(int id) => Pick(id, "must not provide a header value for a header to be removed.", "value must not be provided for operation remove");
    public string AppendRequestHeader(int id) => Pick(id, "specifies an invalid request header to be appended. Only standard HTTP request headers that can specify multiple values for a single entry are supported.", "");

    /// <summary>Too many rules in <c>_dynamic</c> or <c>_session</c>; <paramref name="what"/>: rules, unsafe rules, regexFilter rules.</summary>
    public string RuleCount(string rulesetId, string what, string limitName)
    {
        if (!_chromium) return $"Number of {(what == "regex" ? "regexFilter rules" : "rules")} in ruleset \"{rulesetId}\" exceeds {limitName}.";
        var scope = rulesetId == DnrEngine.SessionRulesetId ? "Session" : "Dynamic";
        return what switch
        {
            "regex" => $"{scope} rule count for regex rules exceeded.",
            "unsafe" => $"{scope} unsafe rule count exceeded.",
            _ => $"{scope} rule count exceeded.",
        };
    }

    public string InvalidRulesetId(string id) => _chromium ? $"Invalid ruleset id: {id}." : $"Invalid ruleset id: \"{id}\"";
    public string EnabledRulesetCount => _chromium ? "The number of enabled static rulesets exceeds the enabled ruleset count limit." : "updatedEnabledRulesets request is exceeding MAX_NUMBER_OF_ENABLED_STATIC_RULESETS";

    public string DisabledStaticRuleCount(int limit) => _chromium
        ? "The number of disabled static rules exceeds the disabled rule count limit."
        : $"Number of individually disabled static rules exceeds MAX_NUMBER_OF_DISABLED_STATIC_RULES ({limit}).";

    public string EnabledRuleCount(string rulesetId, bool regex) => _chromium
        ? regex ? "The set of enabled rulesets exceeds the regular expression rule count limit." : "The set of enabled rulesets exceeds the rule count limit."
        : $"Number of {(regex ? "regexFilter rules" : "rules")} across all enabled static rulesets exceeds {(regex ? "MAX_NUMBER_OF_REGEX_RULES" : "GUARANTEED_MINIMUM_STATIC_RULES")} if ruleset \"{rulesetId}\" were to be enabled.";
}
