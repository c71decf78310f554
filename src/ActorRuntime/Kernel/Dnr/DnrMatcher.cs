namespace ActorRuntime.Kernel.Dnr;

/// <summary>
/// What one extension's rules do to a request, as Chromium and Firefox decide it: of the matching rules (modifyHeaders
/// aside), the one with the highest <c>priority</c> wins; between equal priorities the action decides
/// (allow &gt; allowAllRequests &gt; block &gt; upgradeScheme &gt; redirect), then the ruleset (session &gt; dynamic &gt;
/// static, in manifest order), then the lowest id. A winning block, redirect or upgrade decides the request alone; else
/// the modifyHeaders rules apply, those above a winning allow's priority only. An action the extension may not take
/// (a redirect or header change without host permission for the request) is dropped.
/// </summary>
internal static class DnrMatcher
{
    /// <summary>Every rule of <paramref name="rulesets"/> against <paramref name="request"/>.</summary>
    /// <param name="rulesets">The enabled rulesets, each with the ids of its rules that are disabled (none for most).</param>
    /// <param name="extensionBaseUrl">The extension's origin (<c>moz-extension://uuid/</c>), for redirects to <c>extensionPath</c>.</param>
    public static DnrOutcome Evaluate(IEnumerable<(DnrRuleset Ruleset, IReadOnlySet<int>? Disabled)> rulesets, DnrRequest request, DnrAccess access, string extensionBaseUrl)
    {
        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https" or "ws" or "wss" or "ftp")) return DnrOutcome.None;
        var target = new Target(request, url);
        var canModify = access.HostAccess(request.Url) && (request.Initiator is null || request.Type is "main_frame" or "sub_frame" || access.HostAccess(request.Initiator));
        if (!canModify && !access.CanBlock) return DnrOutcome.None;
        (DnrRule Rule, DnrRuleset Ruleset)? best = null;
        var modifiers = new List<(DnrRule Rule, DnrRuleset Ruleset)>();
        foreach (var (ruleset, disabled) in rulesets)
            foreach (var rule in ruleset.Index.Candidates(target.RequestDomains))
            {
                if (disabled?.Contains(rule.Id) == true || !Matches(rule, target)) continue;
                // An upgrade applies to insecure requests only (a lower rule may then decide a secure one).
                if (rule.Action == DnrActionType.UpgradeScheme && Upgraded(url) is null) continue;
                if (rule.Action == DnrActionType.ModifyHeaders)
                {
                    if (canModify) modifiers.Add((rule, ruleset));
                }
                else if (best is not { } current || Compare(rule, ruleset, current.Rule, current.Ruleset) < 0) best = (rule, ruleset);
            }
        if (best is { } chosen && !Allowed(chosen.Rule.Action, canModify, access.CanBlock)) best = null;
        if (best is { } decisive && decisive.Rule.Action is DnrActionType.Block or DnrActionType.Redirect or DnrActionType.UpgradeScheme)
        {
            var matched = new[] { new DnrMatchedRule(decisive.Rule.Id, decisive.Ruleset.Id) };
            if (decisive.Rule.Action == DnrActionType.Block) return new DnrOutcome(DnrActionType.Block, null, matched);
            var destination = decisive.Rule.Action == DnrActionType.UpgradeScheme ? Upgraded(url) : DnrRedirects.Destination(decisive.Rule, url, extensionBaseUrl);
            // A redirect that goes nowhere new (or nowhere valid) leaves the request as it was.
            return destination is null || destination == url.AbsoluteUri ? DnrOutcome.None : new DnrOutcome(decisive.Rule.Action, destination, matched);
        }
        var threshold = best?.Rule.Priority ?? 0;
        var applying = modifiers.Where(m => m.Rule.Priority > threshold).ToList();
        applying.Sort((a, b) => Compare(a.Rule, a.Ruleset, b.Rule, b.Ruleset));
        var matches = new List<DnrMatchedRule>();
        if (best is { } allow) matches.Add(new DnrMatchedRule(allow.Rule.Id, allow.Ruleset.Id));
        matches.AddRange(applying.Select(m => new DnrMatchedRule(m.Rule.Id, m.Ruleset.Id)));
        if (matches.Count == 0) return DnrOutcome.None;
        return new DnrOutcome(best?.Rule.Action ?? DnrActionType.ModifyHeaders, null, matches)
        {
            RequestHeaders = HeaderChanges(applying.Select(m => m.Rule.RequestHeaders)),
            ResponseHeaders = HeaderChanges(applying.Select(m => m.Rule.ResponseHeaders)),
        };
    }

    /// <summary>Negative when rule a comes before rule b (takes precedence).</summary>
    public static int Compare(DnrRule a, DnrRuleset aSet, DnrRule b, DnrRuleset bSet)
    {
        if (a.Priority != b.Priority) return b.Priority.CompareTo(a.Priority);
        if (a.Action != b.Action) return a.Action.CompareTo(b.Action);
        if (aSet.Precedence != bSet.Precedence) return aSet.Precedence.CompareTo(bSet.Precedence);
        return a.Id.CompareTo(b.Id);
    }

    /// <summary>Without host permission for the request, only declarativeNetRequest's own actions (not redirects).</summary>
    private static bool Allowed(DnrActionType action, bool canModify, bool canBlock) =>
        canModify || (canBlock && action is DnrActionType.Allow or DnrActionType.AllowAllRequests or DnrActionType.Block or DnrActionType.UpgradeScheme);

    private static string? Upgraded(Uri url)
    {
        var scheme = url.Scheme switch { "http" or "ftp" => "https", "ws" => "wss", _ => null };
        if (scheme is null) return null;
        var builder = new UriBuilder(url) { Scheme = scheme };
        if (url.IsDefaultPort) builder.Port = -1;
        return builder.Uri.AbsoluteUri;
    }

    /// <summary>
    /// The header changes in the order they apply: the first rule to change a header decides it; a later <c>append</c> may
    /// add to a header set or appended before (not to one removed).
    /// </summary>
    private static List<DnrHeaderOperation> HeaderChanges(IEnumerable<IReadOnlyList<DnrHeaderOperation>> lists)
    {
        var result = new List<DnrHeaderOperation>();
        var decided = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase); // header → whether an append may follow
        foreach (var operation in lists.SelectMany(l => l))
        {
            if (decided.TryGetValue(operation.Header, out var appendable) && !(appendable && operation.Operation == "append")) continue;
            decided[operation.Header] = operation.Operation != "remove";
            result.Add(operation);
        }
        return result;
    }

    private static bool Matches(DnrRule rule, Target target)
    {
        var condition = rule.Condition;
        var request = target.Request;
        if (condition.ResourceTypes is { } types ? !types.Contains(request.Type)
            : condition.ExcludedResourceTypes is { } excluded ? excluded.Contains(request.Type)
            // Without resource types, a rule leaves navigations of the main frame alone.
            : request.Type == "main_frame") return false;
        if (condition.UrlFilter is { } filter && !filter.Matches(target.Subject)) return false;
        if (condition.RegexFilter is { } regex && !regex.IsMatch(target.Url)) return false;
        if (condition.ExcludedRequestDomains is { } notTo && target.RequestDomains.Any(notTo.Contains)) return false;
        if (condition.RequestDomains is { } to && !target.RequestDomains.Any(to.Contains)) return false;
        if (condition.ExcludedInitiatorDomains is { } notFrom && target.InitiatorDomains?.Any(notFrom.Contains) == true) return false;
        if (condition.InitiatorDomains is { } from && target.InitiatorDomains?.Any(from.Contains) != true) return false;
        if (condition.DomainType is { } domainType && domainType != target.DomainType) return false;
        if (condition.RequestMethods is { } methods ? !methods.Contains(request.Method) : condition.ExcludedRequestMethods?.Contains(request.Method) == true) return false;
        if (condition.TabIds is { } tabs ? !tabs.Contains(request.TabId) : condition.ExcludedTabIds?.Contains(request.TabId) == true) return false;
        return true;
    }

    /// <summary>What the conditions look at, worked out once per request.</summary>
    private sealed class Target
    {
        public Target(DnrRequest request, Uri url)
        {
            Request = request;
            Url = url.AbsoluteUri;
            Subject = new UrlSubject(Url);
            var host = HostOf(url);
            RequestDomains = DomainsWithin(host);
            var initiator = request.Initiator is { } origin && Uri.TryCreate(origin, UriKind.Absolute, out var parsed) && parsed.Scheme != "data" ? parsed : null;
            InitiatorDomains = initiator is null ? null : DomainsWithin(HostOf(initiator));
            DomainType = initiator is not null && SiteOf(HostOf(initiator)) == SiteOf(host) ? "firstParty" : "thirdParty";
        }

        public DnrRequest Request { get; }
        public string Url { get; }
        public UrlSubject Subject { get; }
        public List<string> RequestDomains { get; }
        public List<string>? InitiatorDomains { get; }
        public string DomainType { get; }

        private static string HostOf(Uri url) => url.HostNameType == UriHostNameType.IPv6 ? url.Host : url.IdnHost.ToLowerInvariant();

        /// <summary>The host and each domain it is within (<c>a.b.example.com</c>, <c>b.example.com</c>, <c>example.com</c>, <c>com</c>).</summary>
        private static List<string> DomainsWithin(string host)
        {
            var domains = new List<string> { host };
            if (host.StartsWith('[')) return domains;
            for (var dot = host.IndexOf('.'); dot >= 0 && dot + 1 < host.Length; dot = host.IndexOf('.', dot + 1)) domains.Add(host[(dot + 1)..]);
            return domains;
        }

        /// <summary>
        /// The site a host belongs to, for first and third party: its last two labels (the public suffix list is not
        /// consulted, so <c>a.example.co.uk</c> and <c>b.other.co.uk</c> count as one site); an IP address is its own.
        /// </summary>
        private static string SiteOf(string host)
        {
            if (host.StartsWith('[') || CookieRules.IsIpAddress(host)) return host;
            var labels = host.TrimEnd('.').Split('.');
            return labels.Length <= 2 ? host : string.Join('.', labels[^2..]);
        }
    }
}
