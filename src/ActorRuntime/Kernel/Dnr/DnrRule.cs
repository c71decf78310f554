using System.Text.RegularExpressions;

namespace ActorRuntime.Kernel.Dnr;

/// <summary>The resource types a request may have (the schema's <c>ResourceType</c>, and Chromium's newer ones).</summary>
internal static class DnrTypes
{
    public static readonly string[] ResourceTypes =
    [
        "main_frame", "sub_frame", "stylesheet", "script", "image", "object", "object_subrequest", "xmlhttprequest", "xslt", "ping",
        "beacon", "xml_dtd", "font", "media", "websocket", "csp_report", "imageset", "web_manifest", "speculative", "json", "other",
        "webtransport", "webbundle",
    ];
}

/// <summary>A rule's action, in the order of precedence between rules of equal priority within one extension.</summary>
internal enum DnrActionType { Allow, AllowAllRequests, Block, UpgradeScheme, Redirect, ModifyHeaders }

/// <summary>One header change of a <c>modifyHeaders</c> rule: <c>set</c>, <c>append</c> or <c>remove</c>.</summary>
internal sealed record DnrHeaderOperation(string Header, string Operation, string? Value);

/// <summary>One of <c>queryTransform.addOrReplaceParams</c>.</summary>
internal sealed record DnrQueryParam(string Key, string Value, bool ReplaceOnly);

/// <summary><c>action.redirect.transform</c>: the parts of the request's URL to replace.</summary>
internal sealed record DnrUrlTransform
{
    public string? Scheme { get; init; }
    public string? Username { get; init; }
    public string? Password { get; init; }
    public string? Host { get; init; }
    public string? Port { get; init; }
    public string? Path { get; init; }
    public string? Query { get; init; }
    public IReadOnlyList<string>? RemoveParams { get; init; }
    public IReadOnlyList<DnrQueryParam>? AddOrReplaceParams { get; init; }
    public bool HasQueryTransform { get; init; }
    public string? Fragment { get; init; }
}

/// <summary><c>action.redirect</c>: exactly one of its ways (browsers take the first of url, extensionPath, transform, regexSubstitution).</summary>
internal sealed record DnrRedirect(string? Url, string? ExtensionPath, DnrUrlTransform? Transform, string? RegexSubstitution);

/// <summary>A rule's <c>condition</c>, compiled: every list a set, the URL filter or regex ready to match.</summary>
internal sealed record DnrCondition
{
    public UrlFilter? UrlFilter { get; init; }
    public Regex? RegexFilter { get; init; }
    public IReadOnlySet<string>? InitiatorDomains { get; init; }
    public IReadOnlySet<string>? ExcludedInitiatorDomains { get; init; }
    public IReadOnlySet<string>? RequestDomains { get; init; }
    public IReadOnlySet<string>? ExcludedRequestDomains { get; init; }
    public IReadOnlySet<string>? ResourceTypes { get; init; }
    public IReadOnlySet<string>? ExcludedResourceTypes { get; init; }
    public IReadOnlySet<string>? RequestMethods { get; init; }
    public IReadOnlySet<string>? ExcludedRequestMethods { get; init; }

    /// <summary><c>firstParty</c>, <c>thirdParty</c>, or null for either.</summary>
    public string? DomainType { get; init; }

    public IReadOnlySet<int>? TabIds { get; init; }
    public IReadOnlySet<int>? ExcludedTabIds { get; init; }
}

/// <summary>
/// One declarativeNetRequest rule, checked and compiled, with <see cref="Json"/>: the rule as the API gives it back
/// (<c>getDynamicRules</c>, <c>getSessionRules</c>), as it was added.
/// </summary>
internal sealed record DnrRule(int Id, int Priority, DnrCondition Condition, DnrActionType Action, string Json)
{
    public DnrRedirect? Redirect { get; init; }
    public IReadOnlyList<DnrHeaderOperation> RequestHeaders { get; init; } = [];
    public IReadOnlyList<DnrHeaderOperation> ResponseHeaders { get; init; } = [];
    public bool IsRegexRule => Condition.RegexFilter is not null;

    /// <summary>Chromium's "safe" rules (block, allow, allowAllRequests, upgradeScheme), which have a larger quota.</summary>
    public bool IsSafe => Action is DnrActionType.Block or DnrActionType.Allow or DnrActionType.AllowAllRequests or DnrActionType.UpgradeScheme;
}

/// <summary>A set of rules the extension has: a static ruleset of its manifest, <c>_dynamic</c> or <c>_session</c>.</summary>
/// <param name="Precedence">Between rules alike in everything else: session (0) before dynamic (1) before static (in manifest order).</param>
internal sealed record DnrRuleset(string Id, int Precedence, IReadOnlyList<DnrRule> Rules)
{
    private DnrRuleIndex? _index;

    /// <summary>The rules by the domain their URL filter names (made on first use; a ruleset is never changed, only replaced).</summary>
    public DnrRuleIndex Index => LazyInitializer.EnsureInitialized(ref _index, () => new DnrRuleIndex(Rules));
}

/// <summary>
/// A ruleset's rules by the one domain a <c>||domain^</c> URL filter names (<see cref="UrlFilter.DomainKey"/>), so that a
/// request tries only the rules of its host and the domains it is within, and the rules of any other shape.
/// </summary>
internal sealed class DnrRuleIndex
{
    private readonly Dictionary<string, List<DnrRule>> _byDomain = new(StringComparer.Ordinal);
    private readonly List<DnrRule> _others = new();

    public DnrRuleIndex(IReadOnlyList<DnrRule> rules)
    {
        foreach (var rule in rules)
        {
            if (rule.Condition.UrlFilter?.DomainKey is { } domain)
            {
                if (!_byDomain.TryGetValue(domain, out var list)) _byDomain[domain] = list = new();
                list.Add(rule);
            }
            else _others.Add(rule);
        }
    }

    /// <summary>The rules that may match a request to a host within <paramref name="domains"/> (the host and its parent domains); each once.</summary>
    public IEnumerable<DnrRule> Candidates(IReadOnlyList<string> domains)
    {
        foreach (var rule in _others) yield return rule;
        foreach (var domain in domains)
            if (_byDomain.TryGetValue(domain, out var rules))
                foreach (var rule in rules) yield return rule;
    }
}

/// <summary>
/// A request as the rules see it: its URL, the origin of what made it (null for a navigation from the address bar),
/// its method (lower case), its resource type (<c>main_frame</c>, <c>xmlhttprequest</c>...) and tab (-1 for none).
/// </summary>
internal sealed record DnrRequest(string Url, string? Initiator, string Method, string Type, int TabId = -1);

/// <summary>A rule that matched a request: its id and its ruleset's.</summary>
internal sealed record DnrMatchedRule(int RuleId, string RulesetId);

/// <summary>
/// What one extension's rules do to a request: <see cref="Action"/> the action that decides it (null: none, the request
/// goes on untouched), <see cref="RedirectUrl"/> where a redirect or upgrade sends it, the rules that matched and took
/// effect (what <c>testMatchOutcome</c> reports), and the header changes to apply, in order (the first change of a header
/// wins; a later <c>append</c> adds to a <c>set</c> or <c>append</c>).
/// </summary>
internal sealed record DnrOutcome(DnrActionType? Action, string? RedirectUrl, IReadOnlyList<DnrMatchedRule> Matched)
{
    public static readonly DnrOutcome None = new(null, null, []);

    public IReadOnlyList<DnrHeaderOperation> RequestHeaders { get; init; } = [];
    public IReadOnlyList<DnrHeaderOperation> ResponseHeaders { get; init; } = [];

    /// <summary>The request is cancelled.</summary>
    public bool Blocks => Action == DnrActionType.Block;
}

/// <summary>
/// What the extension may do to a request: <see cref="CanBlock"/> (it holds <c>declarativeNetRequest</c>: block, allow and
/// upgrade without host permissions) and <see cref="HostAccess"/> (its host permissions, which redirects and header changes
/// need, for the request's URL and its initiator).
/// </summary>
internal sealed record DnrAccess(bool CanBlock, Func<string, bool> HostAccess)
{
    public static readonly DnrAccess Everything = new(true, _ => true);
}
